"""Web page benchmark (not part of the tests): `python benchmarks/web_bench.py`.

Starts `compliance serve` on a free loopback port (127.0.0.1 only; every request goes there) and
measures, over HTTP:

1. a warm check: one client uploads the Cremasco 2021 plan (YAML) to POST /verifica, which reads,
   judges (durable-rules) and renders the report, and follows the redirect to the report page;
2. a what-if change: one client sends Castelleone's police reserve (alternately 15 and 12) to
   POST …/whatif as htmx does, and gets the result fragment (scenario applied, plan validated,
   judged, compared with the baseline, units table);
3. a bounded load test: 20 concurrent clients checking plans (as in 1) for 30 s; p50 and p99
   latency, errors (must be 0), requests per second, and the resident memory of the server and
   its worker processes at the start and at the end (must stay flat).

For comparison (where the time goes), the same work done in this process without HTTP: reading
the plan, check_plan, the HTML report. Targets (README): warm check <= 20 ms p50, what-if change
<= 50 ms p50, on the project's 2-core machine. The load average is printed: other processes share
the cores and the figures move with them.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web_support import control_name, running_server  # noqa: E402

CASE = ROOT / "cases" / "cremasco-2021.yaml"
POLICE = "Riserva Forze di Polizia e Vigili del Fuoco (%), tabella i"


def multipart(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Client:
    """One keep-alive connection (http.client: little work on the client's side)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                self.timing = timing(response.getheader("server-timing") or "")
                return response.status, response.getheader("location"), response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def check(self, body: bytes, content_type: str) -> tuple[bool, float, float]:
        """Upload and open the report: (ok, seconds for the upload, seconds in all)."""
        start = time.perf_counter()
        status, location, _ = self.request("POST", "/verifica", body, {"Content-Type": content_type})
        posted = time.perf_counter()
        self.post_timing = self.timing
        if status != 303 or not location:
            return False, posted - start, posted - start
        status, _, page = self.request("GET", location)
        done = time.perf_counter()
        return status == 200 and b"Trescore Cremasco" in page, posted - start, done - start


def timing(header: str) -> dict[str, float]:
    """Server-Timing: name;dur=MS, … -> seconds by name."""
    out = {}
    for part in header.split(","):
        name, _, dur = part.strip().partition(";dur=")
        if name and dur:
            out[name] = float(dur) / 1000
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants (the forkserver's workers too)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def in_process(runs: int) -> dict[str, float]:
    """The same work without HTTP, in this process: median seconds of each part."""
    from compliance.evaluate import check_plan
    from compliance.model.loader import load_any_plan
    from compliance.report.html import render_html
    from compliance.rules.cache import load_rulebook

    book = load_rulebook()
    out: dict[str, list[float]] = {"load": [], "check": [], "html": []}
    for _ in range(runs + 3):
        t0 = time.perf_counter()
        plan, doc = load_any_plan(CASE)
        t1 = time.perf_counter()
        report = check_plan(plan, book, plan_file=str(CASE), plan_bytes=doc.raw)
        t2 = time.perf_counter()
        render_html(report)
        t3 = time.perf_counter()
        for key, value in (("load", t1 - t0), ("check", t2 - t1), ("html", t3 - t2)):
            out[key].append(value)
    return {k: statistics.median(v[3:]) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200, help="sequential requests for 1 and 2")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="evaluation workers of the server")
    args = parser.parse_args()

    import tempfile

    body, content_type = multipart("piano", "cremasco-2021.yaml", CASE.read_bytes())
    with tempfile.TemporaryDirectory() as root, running_server(Path(root), workers=args.workers) as (base, process):
        port = int(base.rsplit(":", 1)[1])
        client = Client(port)
        for _ in range(10):  # warm: every worker has judged an upload and rendered a report
            assert client.check(body, content_type)[0]

        posts, totals, parts_http = [], [], []
        for _ in range(args.runs):
            ok, post, total = client.check(body, content_type)
            assert ok
            posts.append(post)
            totals.append(total)
            # the same request seen by the server (its Server-Timing header): the worker's parts,
            # the time the server awaited the worker, the whole handler; and by this client
            parts_http.append({**client.post_timing, "client": post, "get": total - post})
        trips = []
        for _ in range(args.runs):  # HTTP + a task in a worker that does nothing
            start = time.perf_counter()
            assert client.request("GET", "/salute")[0] == 200
            trips.append(time.perf_counter() - start)

        status, _, page = client.request("GET", "/casi/cremasco-2021/whatif")
        assert status == 200
        police = control_name(page.decode("utf-8"), "Castelleone", POLICE)
        changes, change_worker = [], []
        for i in range(args.runs + 10):
            form = f"{police}={15 if i % 2 else 12}".encode()
            start = time.perf_counter()
            status, _, fragment = client.request("POST", "/casi/cremasco-2021/whatif", form, {
                "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"})
            elapsed = time.perf_counter() - start
            assert status == 200 and b"RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA" in fragment, fragment[:300]
            if i >= 10:
                changes.append(elapsed)
                change_worker.append(client.timing.get("whatif", 0.0))

        rss_start = tree_rss(process.pid)
        latencies: list[float] = []
        errors = [0]
        samples: list[tuple[float, int]] = [(0.0, rss_start)]
        lock = threading.Lock()
        stop_at = time.perf_counter() + args.seconds
        started = time.perf_counter()

        def worker() -> None:
            own = Client(port)
            while time.perf_counter() < stop_at:
                try:
                    ok, _post, total = own.check(body, content_type)
                except Exception:  # noqa: BLE001 - counted as an error
                    ok, total = False, 0.0
                with lock:
                    if ok:
                        latencies.append(total)
                    else:
                        errors[0] += 1

        threads = [threading.Thread(target=worker) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            time.sleep(1.0)
            samples.append((time.perf_counter() - started, tree_rss(process.pid)))
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        rss_end = tree_rss(process.pid)

    parts = in_process(50)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"compliance serve, Cremasco 2021 — {cores} cores, {args.workers} evaluation workers, "
          f"load average {load:.1f} at the end")
    print(f"1. warm check (upload + report page), 1 client, {args.runs} runs: p50 {ms(statistics.median(totals))}, "
          f"p99 {ms(percentile(totals, 99))}  (the upload alone: p50 {ms(statistics.median(posts))}) — target <= 20 ms p50")
    med = {k: statistics.median(p[k] for p in parts_http)
           for k in ("lettura", "verifica", "rapporto", "lavoratore", "totale", "client", "get")}
    work = [p["lettura"] + p["verifica"] + p["rapporto"] for p in parts_http]
    handover = [p["lavoratore"] - w for p, w in zip(parts_http, work)]
    handler = [p["totale"] - p["lavoratore"] for p in parts_http]
    outside = [p["client"] - p["totale"] for p in parts_http]
    print(f"   where the time goes (medians of the same requests): in the worker reading {ms(med['lettura'])}, "
          f"check_plan {ms(med['verifica'])}, HTML report {ms(med['rapporto'])}; handing the task to the worker and "
          f"back {ms(statistics.median(handover))}; the rest of the POST handler (form, upload folder) "
          f"{ms(statistics.median(handler))}; HTTP outside the handler {ms(statistics.median(outside))}; "
          f"the redirected report page {ms(med['get'])}. HTTP + an empty worker task (GET /salute): "
          f"p50 {ms(statistics.median(trips))}")
    print(f"2. what-if change (htmx fragment), 1 client, {args.runs} runs: p50 {ms(statistics.median(changes))}, "
          f"p99 {ms(percentile(changes, 99))} (in the worker {ms(statistics.median(change_worker))}) — target <= 50 ms p50")
    print(f"3. load: {args.clients} clients for {args.seconds:g} s: {len(latencies)} checks "
          f"({len(latencies) / wall:.0f}/s), errors {errors[0]}, p50 {ms(statistics.median(latencies))}, "
          f"p99 {ms(percentile(latencies, 99))}")
    middle = [rss for t, rss in samples if t >= args.seconds / 3]
    print(f"   server memory (server + workers, RSS): {rss_start / 2**20:.1f} MB at the start, "
          f"{(middle[0] if middle else rss_start) / 2**20:.1f} MB after a third, {rss_end / 2**20:.1f} MB at the end "
          f"({(rss_end - rss_start) / 2**20:+.1f} MB)")
    print(f"   in this process, without HTTP: reading the plan {ms(parts['load'])}, check_plan {ms(parts['check'])}, "
          f"HTML report {ms(parts['html'])}; total {ms(sum(parts.values()))}")
    if errors[0]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
