"""Facts across several plans: what rules with `scope: piani` match.

Each plan contributes a small `PlanExtract` (computed where the plan is judged, so a worker
process sends back a few numbers, not the plan). The builder links plans of the same ambito
(by name) in consecutive years and plans of the same year, and judges nothing: verdicts come
from the rules, through durable-rules like every other rule.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from compliance.facts.schema import KINDS
from compliance.model.plan import PianoAnnuale
from compliance.registry import istat


@dataclass(frozen=True)
class PlanExtract:
    """The figures of one plan that the cross-plan rules compare."""

    file: str
    ambito: str
    anno: int
    day: datetime.date  # the plan's reference date
    comuni: tuple[tuple[str, str], ...] | None  # (ISTAT key, name) of the listed comuni; None: no list
    stock: tuple[tuple[str, str, int | None], ...] | None  # (owner key, owner as written, total); None: no table a)
    f_totale: int | None  # table f) total (declared, else the sum of complete rows)
    k_totale: int | None  # table k) total of units assigned (declared, else the sum of complete rows)


def _total(declared: int | None, values: list[int | None]) -> int | None:
    if declared is not None:
        return declared
    if values and all(v is not None for v in values):
        return sum(values)
    return None


def extract(plan: PianoAnnuale, day: datetime.date, file: str) -> PlanExtract:
    comuni = None
    if plan.ambito.comuni is not None:
        seen: OrderedDict[str, str] = OrderedDict()
        for name in plan.ambito.comuni:
            found = istat.check(name, day)
            key = found.comune.key if found.comune else "nome:" + istat.normalise(name)
            seen.setdefault(key, found.comune.denominazione if found.comune else name)
        comuni = tuple(seen.items())
    t = plan.tabelle
    stock = None
    if t.a_consistenza_patrimonio is not None:
        owners: OrderedDict[str, tuple[str, int | None]] = OrderedDict()
        for row in t.a_consistenza_patrimonio.righe:
            key = istat.normalise(row.ente_proprietario)
            if key in owners:  # the same owner on two rows: add them up
                prev = owners[key]
                total = None if prev[1] is None or row.totale_unita_immobiliari is None else prev[1] + row.totale_unita_immobiliari
                owners[key] = (prev[0], total)
            else:
                owners[key] = (row.ente_proprietario, row.totale_unita_immobiliari)
        stock = tuple((k, w, n) for k, (w, n) in owners.items())
    f_tot = None
    if t.f_totale_assegnabili is not None:
        f_tot = _total(t.f_totale_assegnabili.totale, [r.unita_immobiliari for r in t.f_totale_assegnabili.righe])
        if not t.f_totale_assegnabili.righe and t.f_totale_assegnabili.totale is None:
            f_tot = 0  # present with no rows: the plan states there is nothing
    k_tot = None
    k = t.k_assegnate_anno_precedente
    if k is not None:
        k_tot = _total(k.totale.totale_alloggi_assegnati if k.totale else None,
                       [r.totale_alloggi_assegnati for r in k.righe])
        if not k.righe and (k.totale is None or k.totale.totale_alloggi_assegnati is None):
            k_tot = 0
    return PlanExtract(file, plan.ambito.denominazione, plan.anno, day, comuni, stock, f_tot, k_tot)


@dataclass
class CrossFacts:
    facts: list[dict] = field(default_factory=list)
    plans: dict[str, list[str]] = field(default_factory=dict)  # fact id -> plan files it concerns
    day: dict[str, datetime.date] = field(default_factory=dict)  # fact id -> reference date

    def add(self, kind: str, soggetto: str, plans: list[str], day: datetime.date, **values: object) -> dict:
        spec = KINDS[kind]
        unknown = set(values) - set(spec.fields)
        if unknown:  # a programming error
            raise KeyError(f"fields {sorted(unknown)} are not in fact kind {kind}")
        fact = {"kind": kind, "id": f"{kind}-{len(self.facts) + 1}", "soggetto": soggetto}
        for name in spec.fields:
            fact[name] = values.get(name)
        self.facts.append(fact)
        self.plans[fact["id"]] = plans
        self.day[fact["id"]] = day
        return fact


def _names(items) -> str:
    return ", ".join(items) if items else "-"


def build_cross_facts(plans: list[PlanExtract]) -> CrossFacts:
    """Facts comparing plans: same ambito in consecutive years, all ambiti in the same year."""
    cf = CrossFacts()
    by_ambito: OrderedDict[str, dict[int, list[PlanExtract]]] = OrderedDict()
    for p in plans:
        by_ambito.setdefault(istat.normalise(p.ambito), {}).setdefault(p.anno, []).append(p)

    for years in by_ambito.values():
        for anno in sorted(years):
            for cur in years[anno]:
                for prev in years.get(anno - 1, []):
                    _consecutive(cf, prev, cur)

    by_year: dict[int, list[PlanExtract]] = {}
    for p in plans:
        by_year.setdefault(p.anno, []).append(p)
    for anno in sorted(by_year):
        _same_year(cf, anno, by_year[anno])
    return cf


def _consecutive(cf: CrossFacts, prev: PlanExtract, cur: PlanExtract) -> None:
    files = [cur.file, prev.file]
    cf.add("confronto_assegnate", f"{cur.ambito} — {prev.anno}", files, cur.day,
           ambito=cur.ambito, anno=prev.anno, assegnabili=prev.f_totale, assegnate=cur.k_totale)

    if prev.stock is not None and cur.stock is not None:
        before = {k: (w, n) for k, w, n in prev.stock}
        after = {k: (w, n) for k, w, n in cur.stock}
        for key in list(before) + [k for k in after if k not in before]:
            written = (after.get(key) or before.get(key))[0]
            cf.add("variazione_patrimonio", f"{written} ({cur.ambito}), {prev.anno}→{cur.anno}", files, cur.day,
                   ambito=cur.ambito, ente=written, anno_precedente=prev.anno, anno=cur.anno,
                   precedente=before[key][1] if key in before else None,
                   corrente=after[key][1] if key in after else None)
    else:
        cf.add("variazione_patrimonio", f"{cur.ambito}, {prev.anno}→{cur.anno}: tabella a)", files, cur.day,
               ambito=cur.ambito, ente=None, anno_precedente=prev.anno, anno=cur.anno,
               precedente=None, corrente=None)

    subject = f"{cur.ambito}, {prev.anno}→{cur.anno}"
    if prev.comuni is None or cur.comuni is None:
        cf.add("composizione_ambito", subject, files, cur.day, ambito=cur.ambito,
               anno_precedente=prev.anno, anno=cur.anno)
        return
    before = dict(prev.comuni)
    after = dict(cur.comuni)
    joined = [name for key, name in cur.comuni if key not in before]
    left = [name for key, name in prev.comuni if key not in after]
    cf.add("composizione_ambito", subject, files, cur.day, ambito=cur.ambito,
           anno_precedente=prev.anno, anno=cur.anno, entrati=len(joined), usciti=len(left),
           elenco_entrati=_names(joined), elenco_usciti=_names(left))


def _same_year(cf: CrossFacts, anno: int, plans: list[PlanExtract]) -> None:
    listing: OrderedDict[str, tuple[str, list[PlanExtract]]] = OrderedDict()
    for p in plans:
        if p.comuni is None:
            cf.add("comune_ambiti", f"{p.ambito} — {anno}: elenco dei comuni", [p.file], p.day,
                   anno=anno, elenco=f"il piano {anno} dell'ambito {p.ambito} non elenca i comuni")
            continue
        for key, name in p.comuni:
            listing.setdefault(key, (name, []))[1].append(p)
    for name, ps in listing.values():
        ambiti: OrderedDict[str, None] = OrderedDict()
        for p in ps:
            ambiti.setdefault(p.ambito, None)
        cf.add("comune_ambiti", f"{name} — {anno}", [p.file for p in ps], max(p.day for p in ps),
               comune=name, anno=anno, ambiti=len(ambiti), elenco="; ".join(ambiti))
