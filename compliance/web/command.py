"""`compliance serve`: start the local web page (uvicorn) and say where it is."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from compliance.web.config import DEFAULT_HOST, DEFAULT_PORT, LOCAL_HOSTS, WebConfig, default_workers


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _port_taken(host: str, port: int) -> str | None:
    """Why the address cannot be used (already taken, not an address of this machine), or None."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"indirizzo {host} non valido ({exc.strerror or exc})"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return "la porta è già in uso" if exc.errno == 98 else (exc.strerror or str(exc))
    return None


def serve_command(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, root: Path | None = None,
                  workers: int | None = None, lang: str = "it") -> int:
    """Run the server until Ctrl-C; 2 on bad options."""
    import uvicorn

    from compliance.web.app import create_app

    root = (root or Path.cwd()).resolve()
    if not root.is_dir():
        _say(f"errore: --root {root}: non è una cartella")
        return 2
    if not 0 <= port <= 65535:
        _say(f"errore: --port {port}: atteso un numero tra 0 e 65535")
        return 2
    if workers is not None and not 1 <= workers <= 16:
        _say(f"errore: --workers {workers}: atteso un numero tra 1 e 16")
        return 2
    problem = _port_taken(host, port)
    if problem:
        _say(f"errore: --port {port}: {problem} (un'altra porta con --port)")
        return 2
    from compliance.model.loader import InputError
    from compliance.rules.cache import load_rulebook

    try:  # a broken rule book is said here, once, rather than by every worker
        load_rulebook()
    except InputError as exc:
        for p in exc.problems:
            _say(f"errore: {p.render()}")
        return 2
    config = WebConfig(host=host, port=port, root=root, workers=workers or default_workers(), lang=lang)
    if host not in LOCAL_HOSTS:
        _say(f"ATTENZIONE: la pagina è raggiungibile da altri computer ({host}): non ha utenti né password; "
             f"chiunque raggiunga l'indirizzo può caricare piani e leggere le cartelle sotto {root}. "
             f"Senza --host resta su {DEFAULT_HOST}.")
    shown = f"[{host}]" if ":" in host else host
    _say(f"compliance serve: http://{shown}:{port}/  (cartella per le verifiche di più piani: {root}; "
         f"{config.workers} processi di valutazione; Ctrl-C per fermare)")
    # Ctrl-C is how the page is stopped: uvicorn shuts down gracefully, then raises the signal
    # again for the handler it found; that one ignores it, since the stop was asked for.
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        uvicorn.run(create_app(config), host=host, port=port, log_level="warning", access_log=False,
                    server_header=False, date_header=False, timeout_graceful_shutdown=5)
    finally:
        signal.signal(signal.SIGINT, previous)
    return 0
