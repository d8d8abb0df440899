"""The rule catalogue: selecting rules, explaining one, and the Markdown catalogue of all of them.

The catalogue (docs/catalogo-regole.md) is generated from the rule files with
`compliance rules catalogo -o docs/catalogo-regole.md`; a test keeps the committed file current.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict

from compliance.rules.book import RuleBook
from compliance.rules.spec import Rule

CERTAINTY_IT = {"letto": "letto nel testo", "secondario": "da fonte secondaria", "dedotto": "dedotto"}


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def select(
    book: RuleBook,
    *,
    act: str | None = None,
    article: str | None = None,
    day: datetime.date | None = None,
    severity: str | None = None,
) -> list[Rule]:
    """Rule versions filtered by act ("R.R. 4/2017", "rr-4-2017", "4/2017"), article ("7 bis",
    "7bis"), date in force and severity."""
    out = []
    for r in book.rules:
        s = r.spec
        if act and _norm(act) not in _norm(s.source.act) and _norm(act) != _norm(r.path.split("/")[0]):
            continue
        if article and _norm(article) != _norm(s.source.article or ""):
            continue
        if day and not s.in_force.covers(day):
            continue
        if severity and s.severity != severity:
            continue
        out.append(r)
    return out


def versions(book: RuleBook, rule_id: str) -> list[Rule]:
    return sorted((r for r in book.rules if r.id.upper() == rule_id.upper()), key=lambda r: r.spec.in_force.from_)


def explain(book: RuleBook, rule_id: str, lang: str = "it") -> str:
    """Everything about one rule: its source and certainty, its versions, their fixtures."""
    found = versions(book, rule_id)
    if not found:
        return ""
    latest = found[-1].spec
    src = latest.source
    lines = [f"{latest.id} — {latest.title.get(lang)}", ""]
    lines.append(f"Fonte: {src.citation()}")
    if src.text_version:
        lines.append(f"Versione del testo: {src.text_version}")
    if src.quote:
        lines.append(f"Testo: {src.quote.strip()}")
    if src.url:
        lines.append(f"URL: {src.url}")
    if latest.inventory:
        lines.append(f"Punti dell'inventario: {', '.join(latest.inventory)}")
    lines.append("")
    lines.append(f"Versioni ({len(found)}):")
    for r in found:
        s = r.spec
        lines.append("")
        lines.append(f"  v{s.version}  {s.in_force.label()}  gravità: {s.severity}  certezza: "
                     f"{CERTAINTY_IT[s.certainty]}  file: rules/{r.path}")
        lines.append(f"    {s.title.get(lang)}")
        if s.certainty_note:
            lines.append(f"    Nota sulla certezza: {' '.join(s.certainty_note.split())}")
        lines.append(f"    Soggetto: {s.subject}" + (f" dove {s.where}" if s.where else ""))
        lines.append(f"    Non conforme quando: {s.violation_when}")
        if r.read_fields:
            lines.append(f"    Dati letti (se mancano, valgono tutti i valori ammessi): {', '.join(r.read_fields)}")
        if r.extra_required:
            lines.append(f"    Dati necessari (altrimenti non valutabile): {', '.join(r.extra_required)}")
        for name, term in s.compute.items():
            lines.append(f"    Calcolo: {name} = {term}")
        lines.append(f"    Spiegazione: {' '.join(s.explanation.get(lang).split())}")
        lines.append("    Casi di prova:")
        for fx in s.fixtures:
            lines.append(f"      - {fx.name} → {fx.expect}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _law_data(book: RuleBook) -> list[str]:
    """The parameters and deadlines of rules/parametri.yaml, with their sources and dates."""
    fmt = "%d/%m/%Y"
    out = ["## Parametri di legge usati per calcolare i fatti (rules/parametri.yaml)", "",
           "| Parametro | Valori | Fonte | Certezza |", "|---|---|---|---|"]
    for p in book.law.parameters.values():
        values = "; ".join(f"dal {v.dal.strftime(fmt)}: {v.valore}" for v in p.valori)
        out.append(f"| {p.id}<br>{_cell(p.descrizione)} | {_cell(values)} | {_cell(p.fonte)} | {p.certainty} |")
    out += ["", "## Termini (rules/parametri.yaml)", "",
            "I termini si contano come dice compliance/deadlines.py (art. 2963 c.c.): non si conta il giorno "
            "iniziale, un termine che cade di domenica o in un giorno festivo slitta al primo giorno non festivo.", "",
            "| Termine | Piani | Scadenza | Fonte | Certezza |", "|---|---|---|---|---|"]
    for t in book.law.deadlines.values():
        for v in t.versioni:
            years = v.anni_piano
            span = (f"dal {years.dal}" if years.dal else "") + (" " if years.dal and years.al else "") + (
                f"al {years.al}" if years.al else "")
            out.append(f"| {t.id}<br>{_cell(t.descrizione)} | {span or 'tutti'} | {_cell(v.descrizione)} | "
                       f"{_cell(v.fonte)} | {v.certainty} |")
    out.append("")
    return out


def render_catalogue(book: RuleBook) -> str:
    """Markdown catalogue of every rule version, grouped by act and article, and the points of the
    inventory that no rule checks, with the reason."""
    out = [
        "# Catalogo delle regole",
        "",
        "<!-- Generato dai file in rules/ con `compliance rules catalogo -o docs/catalogo-regole.md`;",
        "     non modificare a mano: un test verifica che sia aggiornato. -->",
        "",
        f"Insieme di regole **{book.meta.name}** versione {book.meta.version}: "
        f"{len({r.id for r in book.rules})} regole, {len(book.rules)} versioni.",
        "",
        "Certezza: *letto* (letto nel testo di legge), *secondario* (letto in una fonte secondaria), "
        "*dedotto*. Gravità: violazione, avviso, informazione.",
        "",
    ]
    groups: OrderedDict[tuple[str, str], list[Rule]] = OrderedDict()
    for r in sorted(book.rules, key=lambda r: (r.path.split("/")[0], r.path.split("/")[1] if "/" in r.path else "", r.id, r.spec.in_force.from_)):
        parts = r.path.split("/")
        groups.setdefault((r.spec.source.act if r.spec.source.article else "Qualità dei dati",
                           f"art. {r.spec.source.article}" if r.spec.source.article else parts[0]), []).append(r)
    current_act = None
    for (act, article), rules in groups.items():
        if act != current_act:
            out += [f"## {act}", ""]
            current_act = act
        out += [f"### {act} {article}" if article.startswith("art.") else f"### {article}", ""]
        out += ["| Regola | Versione | In vigore | Gravità | Certezza | Fonte | Inventario | Casi di prova |",
                "|---|---|---|---|---|---|---|---|"]
        for r in rules:
            s = r.spec
            fx = ", ".join(sorted({f.expect for f in s.fixtures}))
            out.append(
                f"| **{s.id}**<br>{_cell(s.title.it)} | {s.version} | {s.in_force.label()} | {s.severity} | "
                f"{s.certainty} | {_cell(s.source.citation())} | {', '.join(s.inventory) or '—'} | "
                f"{len(s.fixtures)} ({fx}) |"
            )
        out.append("")
    out += ["## Punti dell'inventario non verificabili dai dati di un piano", "",
            "| Punto | Fonte | Motivo |", "|---|---|---|"]
    for p in book.not_checkable:
        out.append(f"| {p.id} | {_cell(p.fonte)} | {_cell(p.motivo)} |")
    out.append("")
    out += _law_data(book)
    if book.proroghe:
        out += ["## Proroghe applicate ai termini", "", "| Proroga | Termine | Nuova scadenza | Atto | Certezza |",
                "|---|---|---|---|---|"]
        for p in book.proroghe:
            out.append(f"| {p.id} | {p.scadenza} | {p.nuova_scadenza.strftime('%d/%m/%Y')} | {_cell(p.atto)} | {p.certainty} |")
        out.append("")
    return "\n".join(out)
