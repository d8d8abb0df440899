"""The gettext catalogues of compliance and the tool that keeps them (`python -m compliance.locale`).

Layout: `<lang>/LC_MESSAGES/<domain>.po` (source) and `.mo` (compiled; committed, so that an
installed package needs no build step). Domains: `compliance` (reports, errors, the CLI),
`whatif` (the what-if command), `cli` (the command-line framework's own words: msgids are the
framework's English wording, see compliance/cli_text.py). Commands:

    python -m compliance.locale compile                          # .po -> .mo, every language
    python -m compliance.locale check                            # what tests/test_i18n.py checks
    python -m compliance.locale add KEY --it TEXT --en TEXT [--domain D]
    python -m compliance.locale add KEY --it ONE MANY --en ONE MANY   # a counted message
    python -m compliance.locale absorb FILE.py NAME [--domain D] # a dict KEY: ("it", "en"); KEY_1: singular
"""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent
LANGS = ("it", "en")
DOMAINS = ("compliance", "whatif", "cli")
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"  # Italian and English alike


def po_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def mo_path(lang: str, domain: str) -> Path:
    return po_path(lang, domain).with_suffix(".mo")


def new_catalogue(lang: str, domain: str):
    from babel.messages.catalog import Catalog

    cat = Catalog(locale=lang, domain=domain, project="compliance", version="1",
                  copyright_holder="compliance", charset="utf-8")
    cat.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    cat.fuzzy = False
    return cat


def read(lang: str, domain: str):
    from babel.messages.pofile import read_po

    path = po_path(lang, domain)
    if not path.exists():
        return new_catalogue(lang, domain)
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang, domain=domain)
    cat.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    cat.fuzzy = False
    return cat


def po_bytes(cat) -> bytes:
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, cat, width=0, omit_header=False, sort_output=False, ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(cat) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, cat, use_fuzzy=True)
    return buffer.getvalue()


def write(cat, lang: str, domain: str) -> None:
    path = po_path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(po_bytes(cat))
    mo_path(lang, domain).write_bytes(mo_bytes(read(lang, domain)))


def compile_all() -> list[Path]:
    out = []
    for domain in DOMAINS:
        for lang in LANGS:
            if po_path(lang, domain).exists():
                mo_path(lang, domain).write_bytes(mo_bytes(read(lang, domain)))
                out.append(mo_path(lang, domain))
    return out


def add(key: str, texts: dict[str, list[str]], domain: str = "compliance", replace: bool = False) -> None:
    """Add (or with `replace`, change) one message in every language."""
    add_many({key: texts}, domain, replace)


def add_many(entries: dict[str, dict[str, list[str]]], domain: str = "compliance", replace: bool = False) -> None:
    """Add messages `{KEY: {"it": [text] or [one, many], "en": [...]}}` in every language."""
    for lang in LANGS:
        cat = read(lang, domain)
        for key, texts in entries.items():
            forms = texts[lang]
            if key in cat and not replace:
                raise SystemExit(f"{domain}/{lang}: la chiave «{key}» esiste già (usare --replace)")
            if key in cat:
                cat.delete(key)
            if len(forms) == 2:
                cat.add((key, key), tuple(forms))
            elif len(forms) == 1:
                cat.add(key, forms[0])
            else:
                raise SystemExit(f"«{key}»: un testo, o due (singolare e plurale)")
        write(cat, lang, domain)


def absorb(path: Path, name: str, domain: str = "compliance") -> int:
    """Add every entry of a dict literal `NAME = {KEY: ("italiano", "English"), ...}` in FILE.py."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    table = None
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(tg, ast.Name) and tg.id == name for tg in targets):
            table = ast.literal_eval(node.value)
    if table is None:
        raise SystemExit(f"{path}: nessun dizionario «{name}»")
    entries = {key: {"it": [it], "en": [en]} for key, (it, en) in table.items()}
    # the older convention of a singular under KEY_1: one counted message (ngettext) under KEY
    for key, (it, en) in table.items():
        if key + "_1" in table:
            one_it, one_en = table[key + "_1"]
            entries[key] = {"it": [one_it, it], "en": [one_en, en]}
    add_many(entries, domain, replace=True)
    return len(table)


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)")


def placeholders(text: str) -> set[str]:
    return set(_FIELD.findall(text))


def check() -> list[str]:
    """Problems in the catalogues: keys missing in a language, different placeholders or plural
    kinds between languages, compiled catalogues out of date."""
    problems = []
    for domain in DOMAINS:
        cats = {lang: read(lang, domain) for lang in LANGS}
        keys = {lang: {m.id if isinstance(m.id, str) else m.id[0]: m for m in cat if m.id} for lang, cat in cats.items()}
        every = set().union(*(set(k) for k in keys.values()))
        for key in sorted(every):
            present = {lang: keys[lang].get(key) for lang in LANGS}
            missing = [lang for lang, m in present.items() if m is None or not m.string or
                       (m.pluralizable and not all(m.string))]
            if missing:
                problems.append(f"{domain}: «{key}» manca in {', '.join(missing)}")
                continue
            kinds = {lang: m.pluralizable for lang, m in present.items()}
            if len(set(kinds.values())) > 1:
                problems.append(f"{domain}: «{key}» è plurale solo in alcune lingue")
            fields = {lang: set().union(*(placeholders(s) for s in (m.string if m.pluralizable else [m.string])))
                      for lang, m in present.items()}
            if domain != "cli" and len({frozenset(f) for f in fields.values()}) > 1:
                problems.append(f"{domain}: «{key}» ha segnaposto diversi: {fields}")
        for lang in LANGS:
            if po_path(lang, domain).exists():
                if not mo_path(lang, domain).exists() or mo_path(lang, domain).read_bytes() != mo_bytes(cats[lang]):
                    problems.append(f"{domain}/{lang}: il .mo non è aggiornato (python -m compliance.locale compile)")
    return problems
