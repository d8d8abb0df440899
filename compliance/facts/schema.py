"""The facts that rules match: every kind, with its fields (compliance/facts/fields.py).

Each kind is defined beside its builder in compliance/facts/kinds/; the rule loader checks every
field a rule names against this registry. A field's value is `None` when the plan does not give
it, a `Bounds` when it is known only within bounds.
"""

from __future__ import annotations

from compliance.facts.fields import ANNUALE, COMMON_FIELDS, FIELD_TYPES, TRIENNALE, FactKind, FieldSpec
from compliance.facts.kinds import (
    categorie,
    conferite,
    disponibilita,
    nomi,
    piano,
    quadratura,
    ricognizione,
    righe,
    ripartizione,
    riserve,
    sezioni,
    soglie,
    totali,
    transitori,
    tra_piani,
    triennale,
)

__all__ = ["ANNUALE", "COMMON_FIELDS", "FIELD_TYPES", "KINDS", "TRIENNALE", "FactKind", "FieldSpec"]

KINDS: dict[str, FactKind] = {
    k.name: k
    for k in [
        piano.KIND,
        sezioni.KIND,
        *righe.KINDS,
        totali.KIND,
        quadratura.KIND,
        ricognizione.KIND,
        disponibilita.KIND,
        soglie.KIND,
        *riserve.KINDS,
        categorie.KIND,
        transitori.KIND,
        conferite.KIND,
        ripartizione.KIND,
        *triennale.KINDS,
        nomi.KIND,
        *tra_piani.KINDS,
    ]
}
