"""A missing figure is never read as zero: not in any sum the fact builder makes, not in any verdict.

For every figure of the plan's tables (each count of each row and total, each optional share),
the facts are built three times: with the figure 0, with the figure 1, and without it. Every fact
field that the figure changes (0 and 1 give different values: the field depends on it) must not
be a known value when the figure is missing: it is either unknown or known only within bounds
that hold both. A builder that read the missing figure as 0 (the owner sums of table f, a column
total, the units of a comune…) gives the 0-value and fails here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from compliance.facts.build import build_facts
from compliance.facts.fields import Bounds
from compliance.model.loader import load_any_plan
from compliance.model.plan import PianoAnnuale, PianoTriennale
from compliance.numbers import exact
from tests.conftest import CREMASCO, judge

ROOT = CREMASCO.parents[1]
DAY = datetime.date(2025, 6, 1)


def _annual() -> dict:
    """The Cremasco plan with every table in use: conferred units, police and local police shares,
    an indigent threshold, an owner's category reserve (R.R. 2/2025, judged in 2025)."""
    plan, _ = load_any_plan(CREMASCO)
    data = plan.model_dump(mode="python", exclude_none=True)
    t = data["tabelle"]
    t["e_conferite_da_privati"]["righe"] = [
        {"ente_proprietario": "Comune di Crema", "comune": "Crema", "unita_immobiliari": 2},
        {"ente_proprietario": "ALER Brescia-Cremona-Mantova", "comune": "Crema", "unita_immobiliari": 1}]
    t["e_conferite_da_privati"]["totale"] = 3
    t["i_forze_di_polizia"]["righe"] = [{"comune": "Crema", "quota_percentuale": 10, "quota_polizia_locale": 5}]
    t["g_soglia_indigenti_oltre_20"]["righe"] = [{"comune": "Crema", "quota_percentuale": 25}]
    t["riserve_categorie"] = {"righe": [{"ente_proprietario": "Comune di Crema", "quota_percentuale": 10,
                                         "categorie": ["anziani"]}]}
    return data


def _triennial() -> dict:
    plan, _ = load_any_plan(ROOT / "cases" / "cremonese-triennale-2023-2025.yaml")
    data = plan.model_dump(mode="python", exclude_none=True)
    data["dati"]["unita_disponibili_triennio"] = [
        {"ente_proprietario": "Comune di Cremona", "unita_avvicendamento": 30, "unita_nuova_edificazione": 4},
        {"ente_proprietario": "ALER Brescia-Cremona-Mantova", "unita_avvicendamento": 50, "unita_nuova_edificazione": 0}]
    return data


def _figures(node, path=()):
    """Paths of every count and optional share of the plan's tables and data."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("anno", "periodo", "ambito", "approvazione", "ricognizione", "fonte"):
                continue
            if isinstance(value, bool) or key == "quota_percentuale":  # a row's share is required
                continue
            if isinstance(value, int) or key == "quota_polizia_locale":
                yield path + (key,)
            else:
                yield from _figures(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _figures(item, path + (i,))


def _set(data, path, value):
    out = _copy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


def _copy(node):
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def _facts(model, data) -> dict:
    plan = model.model_validate(data)
    return {(f["kind"], f["soggetto"]): f for f in build_facts(plan, DAY).facts}


def _holds(value, x) -> bool:
    """`value` (missing, bounds, or a point) admits x (a number, or both ends of bounds)."""
    if isinstance(x, Bounds):
        return all(_holds(value, end) for end in (x.lo, x.hi) if end is not None)
    if value is None:
        return True
    if isinstance(value, Bounds):
        return (value.lo is None or exact(value.lo) <= exact(x)) and (value.hi is None or exact(x) <= exact(value.hi))
    return False


PLANS = [("annuale", PianoAnnuale, _annual()), ("triennale", PianoTriennale, _triennial())]
CASES = [(name, model, data, path) for name, model, data in PLANS for path in _figures(data)]


def test_the_sweep_covers_every_table():
    tables = {path[1] for name, _, _, path in CASES if name == "annuale" and path[0] == "tabelle"}
    assert tables >= {"a_consistenza_patrimonio", "b_carenza_manutentiva", "c_nuova_edificazione",
                      "d_normale_avvicendamento", "e_conferite_da_privati", "f_totale_assegnabili",
                      "i_forze_di_polizia", "j_servizi_abitativi_transitori", "k_assegnate_anno_precedente"}
    assert any(name == "triennale" for name, *_ in CASES)


@pytest.mark.parametrize("name,model,data,path", CASES, ids=[f"{c[0]}:{'.'.join(map(str, c[3]))}" for c in CASES])
def test_a_missing_figure_is_never_read_as_zero(name, model, data, path):
    zero, one, missing = (_facts(model, _set(data, path, v)) for v in (0, 1, None))
    for key in zero.keys() & one.keys() & missing.keys():
        for field, value in zero[key].items():
            if field in ("id", "soggetto") or not isinstance(value, (int, Decimal, Bounds)) or isinstance(value, bool):
                continue
            if value == one[key][field]:
                continue  # this field does not depend on the figure
            got = missing[key][field]
            assert _holds(got, value) and _holds(got, one[key][field]), (
                f"{key} {field}: with {'.'.join(map(str, path))} missing it is {got!r}, "
                f"as if the figure were {'0' if got == value else 'known'}")


# ---- verdicts: the known part decides when it can, never a missing zero ------------------------


def _f_table(cremasco_plan, crema_d):
    plan = cremasco_plan.model_copy(deep=True)
    row = next(r for r in plan.tabelle.d_normale_avvicendamento.righe if r.ente_proprietario == "Comune di Crema")
    row.unita_immobiliari = crema_d  # Crema's table f) says 34 = 4 (b) + 28 (c) + 2 (d)
    return plan


def test_owner_sum_with_a_missing_row_is_not_a_pass(cremasco_plan, book):
    report = judge(_f_table(cremasco_plan, None), book)
    crema = [f for f in report.findings if f.rule_id == "RR4-A4-C3B-TOTALE-ASSEGNABILI" and f.subject == "Comune di Crema"]
    assert [f.outcome for f in crema] == ["non_valutabile"]  # 34 = 32 + the missing row is possible


def test_owner_sum_already_above_the_total_is_non_conforme(cremasco_plan, book):
    plan = _f_table(cremasco_plan, None)
    plan.tabelle.f_totale_assegnabili.righe[4].unita_immobiliari = 30  # below b) + c) alone (32)
    report = judge(plan, book)
    (f,) = [f for f in report.findings if f.rule_id == "RR4-A4-C3B-TOTALE-ASSEGNABILI" and f.subject == "Comune di Crema"]
    assert f.outcome == "non_conforme"
    assert "anche con" in f.message  # it says what it assumed for the missing row


def test_column_total_already_exceeded_by_the_known_rows_is_non_conforme(cremasco_plan, book):
    plan = cremasco_plan.model_copy(deep=True)
    plan.tabelle.b_carenza_manutentiva.righe[0].unita_immobiliari = None
    plan.tabelle.b_carenza_manutentiva.totale = 5  # the other rows already add up to 8
    report = judge(plan, book)
    (f,) = [f for f in report.findings if f.rule_id == "RR4-A4-C3-TOTALI-COLONNA" and "b) carenza" in f.subject]
    assert f.outcome == "non_conforme"
    plan.tabelle.b_carenza_manutentiva.totale = 9  # 8 + the missing row: possible
    report = judge(plan, book)
    (f,) = [f for f in report.findings if f.rule_id == "RR4-A4-C3-TOTALI-COLONNA" and "b) carenza" in f.subject]
    assert f.outcome == "non_valutabile"
