"""Texts of the what-if command: the `whatif` domain of the gettext catalogues
(compliance/locale/<lang>/LC_MESSAGES/whatif.po); shared words (outcomes, severities, …) fall
back to the `compliance` domain. Adding a text: `python -m compliance.locale add KEY --domain
whatif --it … --en …` (see compliance/i18n.py)."""

from __future__ import annotations

from compliance.i18n import has, t, td

DOMAIN = "whatif"


def tw(_key: str, lang: str = "it", /, **kw: object) -> str:
    """A what-if text in `lang`, formatted for the language (numbers, dates, plurals with `n`)."""
    if has(_key, lang, DOMAIN):
        return td(DOMAIN, _key, lang, **kw)
    return t(_key, lang, **kw)
