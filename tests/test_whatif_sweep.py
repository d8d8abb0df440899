"""Sweeps: where a verdict flips along a range of values, the plot, the worker pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.cli import main
from compliance.whatif.evaluation import load_baseline
from compliance.whatif.scenario import Scenario
from compliance.whatif.sweep import parse_sweep, run_sweep

ROOT = Path(__file__).resolve().parents[1]
CREMASCO = ROOT / "cases" / "cremasco-2021.yaml"
POLICE = "RR4-A7BIS-C1-RISERVA-FORZE-POLIZIA"
SHARE = "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def flips_of(doc: dict, rule_id: str) -> list[dict]:
    return [f for f in doc["sweep"]["flips"] if f["rule_id"] == rule_id]


def test_sweep_finds_where_the_police_reserve_flips(capsys):
    code, out, err = run(capsys, "whatif", CREMASCO, "--date", "2021-01-28", "--sweep", f"{SHARE}=0:20:0.5",
                         "-f", "json", "--jobs", "1")
    assert code == 1, err
    doc = json.loads(out)
    assert doc["sweep"]["values"] == 41
    [flip] = flips_of(doc, POLICE)
    assert flip == {"rule_id": POLICE, "subject": "Castelleone", "before": "conforme", "last_before": 10,
                    "after": "non_conforme", "first_after": 10.5}
    # each point's verdict agrees with the flip: conforme up to 10, non conforme above
    for point in doc["sweep"]["points"]:
        outcome = next((o["outcome"] for o in point["outcomes"] if o["rule_id"] == POLICE), "conforme")
        assert outcome == ("conforme" if point["value"] <= 10 else "non_conforme"), point["value"]
        # Castelleone's own units, next to the verdict: 2 available, 1 to indigent households
        [own] = [u for u in point["units"] if u["ente"] == "Comune di Castelleone"]
        assert (own["unita_anno"], own["indigenti"]) == (2, 1)


def test_finer_step_and_text_table(capsys):
    code, out, _ = run(capsys, "whatif", CREMASCO, "--sweep", f"{SHARE}=9.8:10.3:0.1", "--jobs", "1")
    assert code == 1
    words = " ".join(out.split())
    assert ("Castelleone — Riserva per Forze di Polizia e Vigili del Fuoco fino al 10%: "
            "conforme fino a 10%, non conforme da 10,1%") in words
    assert "6 valori" in words and "6 scenari valutati" in words
    assert max(len(line) for line in out.splitlines()) <= 80


def test_sweep_of_a_date(capsys):
    code, out, _ = run(capsys, "whatif", CREMASCO, "--sweep", "approvazione.data=2020-12-29:2021-01-02:1",
                       "-f", "json", "--jobs", "1")
    doc = json.loads(out)
    [flip] = flips_of(doc, "RR4-A4-APPROVAZIONE-31-DICEMBRE")
    assert (flip["before"], flip["last_before"], flip["after"], flip["first_after"]) == (
        "conforme", "2020-12-31", "non_conforme", "2021-01-01")


def test_plot_is_a_png(capsys, tmp_path):
    target = tmp_path / "sweep.png"
    code, out, _ = run(capsys, "whatif", CREMASCO, "--sweep", f"{SHARE}=8:12:1", "--plot", target, "--jobs", "1")
    assert code == 1
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    assert f"Grafico scritto in {target}" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.png"]


@pytest.mark.parametrize("option,phrase", [
    ("ambito.denominazione=1:2:1", "non è un campo numerico"),
    (f"{SHARE}=0:10", "atteso PERCORSO=INIZIO:FINE:PASSO"),
    (f"{SHARE}=10:0:1", "intervallo non valido"),
    (f"{SHARE}=0:10:0", "intervallo non valido"),
    ("tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota=0:10:1", "Forse «quota_percentuale»?"),
    ("tabelle.b_carenza_manutentiva.totale=0:10:0.5", "campo intero"),
])
def test_bad_sweeps_exit_2(capsys, option, phrase):
    code, out, err = run(capsys, "whatif", CREMASCO, "--sweep", option)
    assert code == 2 and out == ""
    assert phrase in err and err.startswith("errore: --sweep") and "Traceback" not in err


def test_values_the_model_refuses_are_reported_not_judged():
    base = load_baseline(CREMASCO, None, None, "it")
    spec = parse_sweep(f"{SHARE}=99:101:1", base)
    result = run_sweep(base, Scenario("s", None, (), "t"), spec, jobs=1)
    assert [p.error is None for p in result.points] == [True, True, False]
    assert "al massimo 100" in result.points[2].error


def test_pool_gives_the_same_points_as_one_process():
    base = load_baseline(CREMASCO, None, None, "it")
    spec = parse_sweep(f"{SHARE}=9:12:0.5", base)
    scenario = Scenario("s", None, (), "t")
    serial = run_sweep(base, scenario, spec, jobs=1)
    pooled = run_sweep(base, scenario, spec, jobs=2)
    assert pooled.jobs == 2
    assert [(p.value, p.outcomes, p.violations, p.units) for p in pooled.points] == \
           [(p.value, p.outcomes, p.violations, p.units) for p in serial.points]
    assert pooled.flips == serial.flips


def test_dates_before_the_regulation_are_not_judged_but_listed(capsys):
    code, out, _ = run(capsys, "whatif", CREMASCO, "--sweep", "approvazione.data=2018-01-01:2018-03-02:30",
                       "--jobs", "1")
    assert code == 1
    assert "Valori non giudicati: 01/01/2018, 31/01/2018 (nessuna regola in vigore il 01/01/2018" in " ".join(out.split())


def test_pool_only_for_large_sweeps_on_idle_cores(monkeypatch):
    from compliance.whatif import sweep

    monkeypatch.setattr(sweep.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    monkeypatch.setattr(sweep.os, "getloadavg", lambda: (1.0, 1.0, 1.0))  # only this process
    assert sweep.choose_jobs(1000, None) == 2
    assert sweep.choose_jobs(sweep.POOL_THRESHOLD - 1, None) == 1
    monkeypatch.setattr(sweep.os, "getloadavg", lambda: (3.0, 3.0, 3.0))  # both cores busy elsewhere
    assert sweep.choose_jobs(1000, None) == 1
    assert sweep.choose_jobs(1000, 2) == 2  # asked for: as asked


def test_sweep_starts_from_the_set_changes(capsys):
    # a table g row on ALER stock, added with --set, then its share swept: above 20% it breaks
    # art. 13 c. 3 (only comunal stock may go above 20%)
    row = "{comune: Crema, quota_percentuale: 30, ente_proprietario: ALER Brescia-Cremona-Mantova}"
    code, out, err = run(capsys, "whatif", CREMASCO, "--set", f"tabelle.g_soglia_indigenti_oltre_20.righe=[{row}]",
                         "--sweep", "tabelle.g_soglia_indigenti_oltre_20.righe[comune=Crema].quota_percentuale=18:22:1",
                         "-f", "json", "--jobs", "1")
    assert code == 1, err
    doc = json.loads(out)
    assert doc["scenarios"] == []  # the --set changes are the sweep's starting point, not a scenario
    [flip] = flips_of(doc, "RR4-A13-C3-SOGLIA-SOLO-COMUNALE")
    assert (flip["before"], flip["last_before"], flip["after"], flip["first_after"]) == (
        "conforme", 20, "non_conforme", 21)


def test_the_plot_is_labelled_for_people(capsys):
    """Title from the field's label and the comune, % on the axis with a decimal comma, the
    legend outside the data, rule titles rather than ids."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from compliance.whatif.command import run as run_whatif
    from compliance.whatif.plots import figure
    from compliance.whatif.words import rule_titles

    result = run_whatif(CREMASCO, [], [], f"{SHARE}=9:11:0.5", False, None, "it", jobs=1)
    fig = figure(result.sweep, "it", rule_titles(result))
    try:
        fig.canvas.draw()
        top = fig.axes[0]
        assert top.get_title() == "Verdetti al variare di Castelleone — tabella i) Forze di Polizia e VVF: quota"
        ticks = [t.get_text() for t in fig.axes[-1].get_xticklabels() if t.get_text()]
        assert ticks and all(t.endswith("%") for t in ticks) and any("," in t for t in ticks), ticks
        legend = top.get_legend()
        texts = [t.get_text() for t in legend.get_texts()]
        assert any("Riserva per Forze di Polizia" in t for t in texts) and not any("RR4-" in t for t in texts)
        renderer = fig.canvas.get_renderer()
        box, axes_box = legend.get_window_extent(renderer), top.get_window_extent(renderer)
        assert box.x0 >= axes_box.x1, "the legend covers the data"
        assert [t.get_text() for t in top.get_yticklabels()] == ["conforme", "non valutabile", "non conforme"]
    finally:
        plt.close(fig)
