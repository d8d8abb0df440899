"""The page's templates (compliance/web/templates, jinja2 with autoescape: plan fields are hostile
input and are escaped everywhere), and the frame put around a page we generated.

The report itself is the project's HTML report: its fragment and style
(compliance.report.html.render_html_fragment and report_css, the same content as the page that
`check -f html` writes and the PDF prints) placed in our page, where static/app.js filters its
findings and opens their details. The audit's pages (its overview and each plan's report, files
`compliance audit` writes) get our navigation put inside their own <body> (`frame`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from compliance import __version__
from compliance.web.texts import tx, txn


def _figure(value: Any, lang: str) -> str:
    from compliance.i18n import fmt_value

    return fmt_value(value, lang)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("compliance.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def render(template: str, *, lang: str, **context: Any) -> str:
    """A template with the page's words (`t`) and number formatting (`figure`) in `lang`."""
    env = environment()
    return env.get_template(template).render(
        lang=lang,
        t=lambda key, **kw: tx(key, lang, **kw),
        tn=lambda key, n, **kw: txn(key, n, lang, **kw),
        figure=lambda value: _figure(value, lang),
        **context,
    )


_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(r"</body\s*>", re.IGNORECASE)
_HEAD_CLOSE = re.compile(r"</head\s*>", re.IGNORECASE)


def frame(page: str, *, head: str, top: str, bottom: str) -> str:
    """Put our frame around a page we generated (a report, the audit overview): `head` before
    </head>, `top` right after <body>, `bottom` before </body>. A page without these tags is
    wrapped as it is."""
    opened = _BODY_OPEN.search(page)
    closed = None
    for closed in _BODY_CLOSE.finditer(page):
        pass
    heading = _HEAD_CLOSE.search(page)
    if not opened or not closed or not heading or not (heading.start() < opened.start() < closed.start()):
        return f"<!DOCTYPE html><html><head>{head}</head><body>{top}{page}{bottom}</body></html>"
    return (page[: heading.start()] + head + page[heading.start(): opened.end()] + top
            + page[opened.end(): closed.start()] + bottom + page[closed.start():])


def markup(html: str) -> Markup:
    """HTML that our own renderers produced (already escaped), to be placed in a template."""
    return Markup(html)
