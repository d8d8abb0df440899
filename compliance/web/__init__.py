"""`compliance serve`: a local web page to check a plan, test a policy choice and audit a folder.

The server process (ASGI: Starlette under uvicorn) routes requests, checks them (host, origin,
size) and keeps the uploaded plans in a temporary folder removed at shutdown; everything that
reads or judges a plan runs in worker processes that keep the rule book loaded and its rulesets
compiled (durable-rules keeps global state: each worker has its own, used by one thread).

config.py    the server's settings (host, port, audit root, limits)
texts.py     the page's words, Italian and English
security.py  host and same-origin checks, body size limit, security headers
uploads.py   an uploaded file: its kind, limits, a zip of CSV files unpacked safely
store.py     the plans (cases and uploads), saved scenarios and audits of this server's life
pool.py      the worker processes (warm rule book), restarted if the engine crashes
service.py   what the workers do: a thin layer over compliance.evaluate, report, whatif, audit
controls.py  the what-if controls of a plan (per comune and owner) and the scenario they make
views.py     templates (jinja2, autoescaped) and the page around a report
app.py       the routes
command.py   `compliance serve`: uvicorn on 127.0.0.1 by default
"""
