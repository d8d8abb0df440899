"""Every comune name the plan writes, against the ISTAT registry (data-quality and art. 2 rules).
Built last: it lists the names every other builder met, with where each one appears."""

from __future__ import annotations

from compliance.facts.context import Context
from compliance.facts.fields import field, kind
from compliance.registry import istat


KIND = kind(
    "nome_comune",
    "Un nome di comune scritto nel piano, confrontato con il registro ISTAT.",
    nome=field("text", "nome come scritto nel piano"),
    esatto=field("bool", "scritto esattamente come ISTAT"),
    trovato=field("bool", "riconosciuto nel registro (anche con grafia diversa)"),
    forma_istat=field("text", "nome come lo scrive ISTAT (se riconosciuto)"),
    suggerimento=field("text", "la forma ISTAT da usare, o perché non c'è"),
    vigente=field("bool", "il comune esiste alla data di riferimento"),
    dove=field("text", "tabelle o sezioni in cui compare"),
    nell_ambito=field("bool", "è tra i comuni elencati dell'ambito (null se l'elenco manca)"),
    elenco_ambito=field("bool", "il piano elenca i comuni dell'ambito"),
)


def _suggestion(found: istat.NameCheck) -> str:
    if found.comune is None:
        return "nessun comune lombardo con un nome abbastanza simile"
    c = found.comune
    if not found.valid_on_date:
        span = []
        if c.valido_dal:
            span.append(f"dal {c.valido_dal.strftime('%d/%m/%Y')}")
        if c.valido_al:
            span.append(f"al {c.valido_al.strftime('%d/%m/%Y')}")
        return f"nessuna: «{c.denominazione}» non esiste alla data di riferimento (esiste {' '.join(span)})"
    return f"«{c.denominazione}»"


def _key(found: istat.NameCheck, written: str) -> str:
    return found.comune.key if found.comune else "nome:" + istat.normalise(written)


def build(ctx: Context) -> None:
    members = ctx.plan.ambito.comuni
    member_keys = None if members is None else {_key(istat.check(n, ctx.day), n) for n in members}
    for written, places in ctx.names.places.items():
        found = istat.check(written, ctx.day)
        ctx.add(
            KIND,
            f"«{written}»",
            nome=written,
            esatto=found.exact,
            trovato=found.comune is not None,
            forma_istat=found.comune.denominazione if found.comune else None,
            suggerimento=_suggestion(found),
            vigente=found.valid_on_date if found.comune else None,
            dove=", ".join(places),
            nell_ambito=None if member_keys is None else _key(found, written) in member_keys,
            elenco_ambito=member_keys is not None,
        )
