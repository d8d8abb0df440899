"""The what-if controls of the web page (compliance/web/controls.py) and `compliance serve`'s
options, without a server."""

from __future__ import annotations

import pytest
import yaml

from compliance.model.loader import InputError, load_any_plan
from compliance.web import command
from compliance.web.controls import build_controls, current_value, form_changes
from compliance.web.service import scenario_text
from compliance.whatif.scenario import Scenario, apply_logged, load_scenario
from tests.web_support import CREMASCO, POLICE_LABEL


@pytest.fixture(scope="module")
def data():
    return load_any_plan(CREMASCO)[1].data


@pytest.fixture(scope="module")
def groups(data):
    return build_controls(data)


def find(groups, group: str, label: str):
    for g in groups:
        if g.label == group:
            for c in g.controls:
                if c.label == label:
                    return c
    raise AssertionError((group, label))


def test_groups_capofila_first_then_comuni_owners_ambito(groups):
    labels = [g.label for g in groups]
    assert labels[0] == "Crema"
    assert "Castelleone" in labels and "ALER Brescia-Cremona-Mantova" in labels
    assert labels[-1].startswith("Ambito")
    kinds = [g.kind for g in groups]
    assert kinds.index("ente") > max(i for i, k in enumerate(kinds) if k == "comune")
    names = [c.name for g in groups for c in g.controls]
    assert len(names) == len(set(names))


def test_control_paths_are_the_cli_paths(groups, data):
    police = find(groups, "Castelleone", POLICE_LABEL)
    assert police.path() == "tabelle.i_forze_di_polizia.righe[comune=Castelleone].quota_percentuale"
    assert current_value(data, police) == 10
    units = find(groups, "Crema", "Unità, tabella b) carenza manutentiva — Comune di Crema")
    assert units.path() == ("tabelle.b_carenza_manutentiva.righe[ente_proprietario=Comune di Crema,comune=Crema]"
                            ".unita_immobiliari")
    assert current_value(data, units) == 4


def test_same_plan_same_controls(data):
    assert [c.name for g in build_controls(data) for c in g.controls] == \
           [c.name for g in build_controls(data) for c in g.controls]


def changes(groups, data, **form):
    return form_changes(groups, {k: v for k, v in form.items()}, data, "it")


def test_unchanged_values_make_no_change(groups, data):
    police = find(groups, "Castelleone", POLICE_LABEL)
    assert changes(groups, data, **{police.name: "10"}) == []
    assert changes(groups, data, **{police.name: "10.0"}) == []
    assert changes(groups, data, **{police.name: " 10 "}) == []


def test_set_add_remove(groups, data):
    police = find(groups, "Castelleone", POLICE_LABEL)
    [c] = changes(groups, data, **{police.name: "12,5"})
    assert (c.op, c.path, c.value) == ("set", police.path(), 12.5)
    [c] = changes(groups, data, **{police.name: ""})
    assert (c.op, c.path) == ("remove", "tabelle.i_forze_di_polizia.righe[comune=Castelleone]")
    crema_police = find(groups, "Crema", POLICE_LABEL)
    crema_local = find(groups, "Crema", "Quota Polizia Locale (%), tabella i")
    [c] = changes(groups, data, **{crema_police.name: "5", crema_local.name: "3"})  # one new row, both values
    assert c.op == "add" and c.value == [{"comune": "Crema", "quota_percentuale": 5, "quota_polizia_locale": 3}]
    [c] = changes(groups, data, **{crema_local.name: "3"})  # the required share defaults to 0
    assert c.value == [{"comune": "Crema", "quota_percentuale": 0, "quota_polizia_locale": 3}]


def test_changes_apply_and_validate(groups, data):
    police = find(groups, "Castelleone", POLICE_LABEL)
    sat = find(groups, "Crema", "Unità per servizi abitativi transitori, tabella j")
    scenario = Scenario("x", None, tuple(changes(groups, data, **{police.name: "15", sat.name: "16"})), "modulo")
    plan, changed, log = apply_logged(data, scenario)
    assert plan.tabelle.i_forze_di_polizia.righe[0].quota_percentuale == 15
    assert [r.unita_immobiliari for r in plan.tabelle.j_servizi_abitativi_transitori.righe if r.comune == "Crema"] == [16]
    bad = Scenario("x", None, tuple(changes(groups, data, **{police.name: "150"})), "modulo")
    with pytest.raises(InputError) as err:
        apply_logged(data, bad)
    [problem] = err.value.problems
    assert problem.file == f"#{police.name}" and "100" in problem.message


def test_scenario_text_is_a_scenario_file(groups, data, tmp_path):
    police = find(groups, "Castelleone", POLICE_LABEL)
    crema = find(groups, "Crema", "Soglia per i nuclei indigenti sul patrimonio comunale (%), tabella g")
    bagnolo = find(groups, "Bagnolo Cremasco", "Unità per servizi abitativi transitori, tabella j")
    made = changes(groups, data, **{police.name: "15", crema.name: "30", bagnolo.name: ""})
    scenario = Scenario("Prova: «due» scelte", "Una descrizione\nsu due righe.", tuple(made), "modulo")
    path = tmp_path / "s.yaml"
    path.write_text(scenario_text(scenario), encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.name == scenario.name and loaded.description == scenario.description
    assert apply_logged(data, loaded)[1] == apply_logged(data, scenario)[1]
    assert set(yaml.safe_load(path.read_text(encoding="utf-8"))) == {"nome", "descrizione", "aggiungi", "modifiche"}


def test_serve_warns_off_localhost(monkeypatch, capsys, tmp_path):
    import uvicorn

    from tests.web_support import free_port

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    port = free_port()
    assert command.serve_command(host="0.0.0.0", port=port, root=tmp_path, workers=1) == 0
    err = capsys.readouterr().err
    assert "ATTENZIONE" in err and f"http://0.0.0.0:{port}/" in err
    assert calls[0]["host"] == "0.0.0.0"
    assert command.serve_command(port=port, root=tmp_path, workers=1) == 0
    err = capsys.readouterr().err
    assert "ATTENZIONE" not in err and f"http://127.0.0.1:{port}/" in err
    assert command.serve_command(root=tmp_path / "manca") == 2
    assert command.serve_command(root=tmp_path, workers=0) == 2
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert command.serve_command(port=taken.getsockname()[1], root=tmp_path, workers=1) == 2
    assert "già in uso" in capsys.readouterr().err


def test_the_servers_report_cache_is_bounded():
    from collections import OrderedDict
    from types import SimpleNamespace

    from compliance.web import app as web_app
    from compliance.web.store import PlanEntry

    state = SimpleNamespace(reports=OrderedDict())
    request = SimpleNamespace(app=SimpleNamespace(state=state))
    for i in range(3 * web_app.REPORTS_CACHED):
        entry = PlanEntry(f"u-{i}", "p.yaml", f"/nessuno/{i}.yaml", f"/nessuno/{i}.yaml", "yaml")
        web_app._remember(request, entry, "it", object())
    assert len(state.reports) == web_app.REPORTS_CACHED


def test_counts_agree_with_their_noun():
    from compliance.web.texts import txn

    assert txn("audit_plans", 1) == "1 piano" and txn("audit_plans", 2) == "2 piani"
    assert txn("audit_plans", 0) == "0 piani" and txn("audit_plans", 1, "en") == "1 plan"
    assert txn("filter_count", 1, shown=1, total=3) == "1 rilievo mostrato su 3"
    assert txn("filter_count", 2, shown=2, total=3) == "2 rilievi mostrati su 3"
