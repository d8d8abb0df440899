"""What the plan means in units, per owner and comune: units to indigent households, to each
reserve, and what is left for the general ranking (the report's units table, compliance/units.py).

The shares and how each is rounded are the law's data (rules/parametri.yaml), by the reference
date: indigent households 20% (or the comune's higher share on its own stock, table g), rounded
up (art. 13 c. 3); Forze di Polizia and VVF on the comune's own units in its territory, rounded
up (art. 7 bis c. 1; other owners' units: no reserve stated, 0); from R.R. 2/2025 the Polizia
Locale (art. 7 ter) and the owner's category reserve (lett. c bis), rounded half up (art. 15
c. 1 ter), which do not exist before it (0). A figure is computed only from exact units."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

from compliance.facts.context import Context
from compliance.facts.fields import field, is_point, kind
from compliance.facts.kinds.disponibilita import indigent_share
from compliance.numbers import ceil, exact, half_up


KIND = kind(
    "ripartizione_unita",
    "Che cosa il piano significa in unità, per ente proprietario e comune: indigenti, riserve, "
    "graduatoria ordinaria.",
    ente=field("text", "ente proprietario"),
    tipo_ente=field("text", "comune, aler o altro"),
    comune=field("text", "comune"),
    unita_anno=field("int", "unità assegnabili nell'anno"),
    quota_indigenti=field("number", "quota per indigenti in percentuale"),
    indigenti=field("int", "unità ai nuclei indigenti (per eccesso)"),
    forze_polizia=field("int", "unità riservate a Forze di Polizia e VVF (art. 7 bis, per eccesso)"),
    polizia_locale=field("int", "unità riservate alla Polizia Locale (art. 7 ter)"),
    categorie=field("int", "unità riservate dall'ente a categorie (lett. c bis)"),
    riserve=field("int", "totale delle riserve (esclusi gli indigenti)"),
    graduatoria=field("int", "unità che restano per la graduatoria ordinaria", -3 * 10**12, 10**12),
    arrotondamenti=field("text", "regole di arrotondamento applicate"),
)

ROUNDERS: dict[str, Callable[[Fraction], int]] = {"per_eccesso": ceil, "mezzo_per_eccesso": half_up}
ROUNDING_WORDS = {"per_eccesso": "per eccesso",
                  "mezzo_per_eccesso": "all'unità più vicina (0,5 per eccesso, art. 15 c. 1 ter)"}
RESERVES = (  # (parameter, how the report names it)
    ("arrotondamento_indigenti", "indigenti"),
    ("arrotondamento_forze_polizia", "art. 7 bis"),
    ("arrotondamento_polizia_locale", "art. 7 ter"),
    ("arrotondamento_riserva_categorie", "lett. c bis"),
)


def _rounding_words(roundings: dict[str, str]) -> str:
    groups: dict[str, list[str]] = {}
    for parameter, name in RESERVES:
        if roundings[parameter] in ROUNDERS:
            groups.setdefault(roundings[parameter], []).append(name)
    return "; ".join(" e ".join(names) + " " + ROUNDING_WORDS[how] for how, names in groups.items())


def _units(share: Any, units: int | None, rounding: str) -> int | None:
    if rounding not in ROUNDERS:  # the reserve does not exist on this date
        return 0
    if share is not None and exact(share) == 0:  # no share: no units, however many there are
        return 0
    if units is None or share is None:
        return None
    return ROUNDERS[rounding](Fraction(exact(share) * units, 100))


def build(ctx: Context) -> None:
    t = ctx.plan.tabelle
    roundings = {parameter: ctx.law.value(parameter, ctx.day) for parameter, _ in RESERVES}
    words = _rounding_words(roundings)
    for (okey, ckey), a in ctx.units.availability.items():
        ente = ctx.names.entes[okey]
        own = ctx.names.owns(ente, ckey)
        units = a.units if is_point(a.units) else None
        share = indigent_share(ctx, ente, ckey)
        if not own:  # the comune's reserves apply to its own units in its territory
            police, local = 0, 0
        elif t.i_forze_di_polizia is None:
            police, local = None, None
        else:
            police, local = ctx.police_shares.get(ckey, (0, 0))
        if t.riserve_categorie is None:
            categories = None
        else:
            categories = ctx.category_shares.get(okey, 0)
        indig = _units(share, units, roundings["arrotondamento_indigenti"])
        fdp = _units(police, units, roundings["arrotondamento_forze_polizia"])
        pl = _units(local, units, roundings["arrotondamento_polizia_locale"])
        cats = _units(categories, units, roundings["arrotondamento_riserva_categorie"])
        reserves = None if None in (fdp, pl, cats) else fdp + pl + cats
        left = None if reserves is None or indig is None else units - indig - reserves
        comune = ctx.names.display[ckey] if ckey else None
        ctx.add(
            KIND,
            f"{ente.written} — {comune}" if ckey else f"{ente.written} — comune non indicato",
            ente=ente.written, tipo_ente=ente.tipo, comune=comune, unita_anno=units,
            quota_indigenti=share, indigenti=indig, forze_polizia=fdp, polizia_locale=pl,
            categorie=cats, riserve=reserves, graduatoria=left, arrotondamenti=words,
        )
