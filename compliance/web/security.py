"""Safe by default, for a server on the user's own machine.

* Host: only the names of this machine (Starlette's TrustedHostMiddleware, set up in app.py), so
  that a web page of another site that makes its name resolve to 127.0.0.1 (DNS rebinding)
  cannot talk to the server.
* Same origin for every request that changes something (POST): a browser says where a request
  comes from (`Sec-Fetch-Site`, else `Origin`); a cross-site one is refused (403). A request
  without either header is not a browser's cross-site form (a script, a test client), so it
  passes. No token is needed in the forms.
* A cap on the request body, checked on the declared length and on the bytes as they arrive.
* Headers: a Content-Security-Policy that allows no script but our own files (no inline script,
  no eval), no framing, no referrer outside the server, no MIME sniffing.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import Headers
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


def csp(script_hashes: tuple[str, ...] = ()) -> str:
    return CSP.format(scripts="".join(f" '{h}'" for h in script_hashes))


def inline_script_hashes(html: str) -> tuple[str, ...]:
    """CSP hashes of the inline scripts of a page we generated (the audit's overview)."""
    out = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        out.append("sha256-" + base64.b64encode(digest).decode("ascii"))
    return tuple(out)


def _host_port(value: str) -> str:
    value = value.strip().lower()
    if "://" in value:
        value = value.split("://", 1)[1]
    return value.split("/", 1)[0]


class TooLarge(Exception):
    pass


class Guard:
    """Same-origin check, body size limit and security headers, as one ASGI middleware."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if scope["method"] not in SAFE_METHODS and not self.same_origin(headers):
            await PlainTextResponse("Richiesta da un'altra origine: rifiutata.", status_code=403)(scope, receive, send)
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, receive, send)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise TooLarge()
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                for key, value in self.headers():
                    if key not in present:
                        raw.append((key, value))
                message = {**message, "headers": raw}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except TooLarge:
            if not started:
                await self._too_large(scope, receive, send)

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [
            (b"content-security-policy", csp().encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"cross-origin-resource-policy", b"same-origin"),
            (b"cache-control", b"no-store"),
        ]

    @staticmethod
    def same_origin(headers: Headers) -> bool:
        site = headers.get("sec-fetch-site")
        if site is not None:
            return site in ("same-origin", "none")
        origin = headers.get("origin")
        if origin is None:
            return True  # not a browser's cross-site request
        if origin == "null":
            return False
        return _host_port(origin) == _host_port(headers.get("host", ""))

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        mb = self.max_body / (1024 * 1024)
        page = ('<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>File troppo grande</title>'
                '<link rel="stylesheet" href="/static/app.css"></head><body class="cw-page"><main class="cw-main">'
                f'<h1>File troppo grande</h1><p class="cw-errors" role="alert">Al massimo {mb:g} MB per volta. '
                f'<span lang="en">Too large: at most {mb:g} MB at a time.</span></p>'
                '<p><a href="/">Torna alla verifica</a></p></main></body></html>')
        await HTMLResponse(page, status_code=413, headers={"connection": "close"})(scope, receive, send)
