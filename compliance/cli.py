"""Command line: `compliance check`, `compliance schema`, `compliance rules …`.

Exit codes: 0 no violation; 1 at least one violation; 2 bad input (located message, no
traceback, nothing written); 3 internal error; 130 interrupted (Ctrl-C). How a run ends in
every case: compliance/entry.py.
"""

from __future__ import annotations

import datetime
import errno
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from compliance import __version__, resources
from compliance.cli_text import ItalianCommand, ItalianGroup, italian_error, italian_help
from compliance.entry import main as entry_main
from compliance.interrupts import Interrupted, interrupted
from compliance.i18n import t
from compliance.model.loader import InputError, InputProblem

DEFAULT_CASE = resources.default_case()

app = typer.Typer(
    name="compliance",
    help=(
        "Verifica di conformità dei Piani dell'offerta dei servizi abitativi pubblici e sociali "
        "(L.R. Lombardia 16/2016, R.R. 4/2017) — articolo per articolo: conforme, non conforme, "
        "non valutabile."
    ),
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=ItalianGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help="Le regole: elenco e verifica dei loro casi di prova.",
    add_completion=False,
    rich_markup_mode=None,
    cls=ItalianGroup,
)
app.add_typer(rules_app, name="rules")


def _print_version(value: bool) -> None:
    if not value:
        return
    line = f"compliance {__version__}"
    try:  # the rule set this installation judges with (its name and version only: cheap)
        import yaml

        meta = yaml.safe_load(resources.rules_dir().joinpath("ruleset.yaml").read_text(encoding="utf-8-sig"))
        line += f" (regole: {meta['name']} {meta['version']})"
    except Exception:  # noqa: BLE001 - the version of the program is printed all the same
        pass
    typer.echo(line)
    raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Mostra la versione del programma e delle regole ed esce."),
) -> None:
    pass


class Format(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"
    pdf = "pdf"
    sarif = "sarif"
    junit = "junit"


class WhatifFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"


class Lang(str, Enum):
    it = "it"
    en = "en"


class Engine(str, Enum):
    durable = "durable"
    reference = "reference"


# options for pipelines, shared by check and audit (their logic: compliance/pipeline/)
_SELECT = typer.Option([], "--select", metavar="REGOLA", help="Solo questi rilievi: id di regola (o sua parte iniziale), "
                       "articolo (\"art. 7 bis\") o gravità (ripetibile).")
_IGNORE = typer.Option([], "--ignore", metavar="REGOLA", help="Tralascia questi rilievi: id, articolo o gravità (ripetibile).")
_BASELINE = typer.Option(None, "--baseline", metavar="FILE",
                         help="Rilievi già noti e accettati (JSON): non contano per il codice di uscita.")
_WRITE_BASELINE = typer.Option(None, "--write-baseline", metavar="FILE",
                               help="Scrive la baseline con i rilievi attuali (poi: --baseline FILE).")
_CONFIG = typer.Option(None, "--config", metavar="FILE",
                       help="File di configurazione (predefinito: compliance.toml o [tool.compliance] in pyproject.toml, "
                            "cercati dalla cartella corrente in su).")


def _fail(problems: list[InputProblem], lang: str) -> None:
    prefix = t("error_prefix", lang)
    for p in problems:
        typer.echo(f"{prefix}: {p.render()}", err=True)
    raise typer.Exit(2)


def _or_fail(lang: str, load, *args):
    """Call a loader; bad input becomes located messages and exit code 2."""
    try:
        return load(*args)
    except InputError as exc:
        _fail(exc.problems, lang)


def _parse_date(value: Optional[str], lang: str) -> Optional[datetime.date]:
    if value is None:
        return None
    from compliance.model.plan import DATA_MAX, DATA_MIN

    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        _fail([InputProblem("--date", None, None, t("bad_date_option", lang, value=value))], lang)
    if not DATA_MIN <= day <= DATA_MAX:
        _fail([InputProblem("--date", None, None, t("date_out_of_range", lang, value=value, low=DATA_MIN.isoformat(),
                                                      high=DATA_MAX.isoformat()))], lang)
    return day


def _refuse_output_over_inputs(output: Optional[Path], inputs: list[Path], lang: str) -> None:
    """`-o` naming one of the command's input files (the plan, a scenario): exit 2, before any work."""
    from compliance.output import same_file

    for path in inputs:
        if output is not None and same_file(output, path):
            _fail([InputProblem(str(output), None, None, t("output_same_as_input", lang, input=path))], lang)


def _engine_failed(plan: Path, exc: Exception, lang: str):
    """An engine error: exit 3; or, if it is the engine's report of a Ctrl-C, the interruption."""
    if interrupted():
        raise Interrupted()
    typer.echo(f"{t('error_prefix', lang)}: {plan}: {t('internal_error', lang, detail=exc)}", err=True)
    raise typer.Exit(3)


def _output_failed(output: Path, exc: OSError, lang: str):
    from compliance.output import OutputRefused

    detail = t(exc.key, lang) if isinstance(exc, OutputRefused) else (exc.strerror or exc)
    _fail([InputProblem(str(output), None, None, t("output_failed", lang, detail=detail))], lang)


@app.command("check", cls=ItalianCommand)
def check(
    plan: Path = typer.Argument(
        DEFAULT_CASE, help="File del piano (YAML), o cartella dei piani di un ambito (i suoi anni). "
        "Predefinito: il caso reale Cremasco 2021.", show_default=False, metavar="PIANO",
    ),
    format: Optional[Format] = typer.Option(
        None, "--format", "-f", help="Formato: text (terminale, predefinito), md, json, html (stampabile, A4), "
        "pdf (richiede --output), sarif, junit."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Scrive il rapporto in questo file (scrittura atomica); "
        "per una cartella di piani: la cartella della panoramica."
    ),
    date: Optional[str] = typer.Option(
        None, "--date", metavar="AAAA-MM-GG",
        help="Giudica il piano come se fosse approvato in questa data (per le bozze).",
    ),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Lingua del rapporto: it (predefinita) o en."),
    rules_dir: Optional[Path] = typer.Option(
        None, "--rules", metavar="CARTELLA", help="Cartella delle regole (predefinita: rules/)."
    ),
    engine: Engine = typer.Option(
        Engine.durable, "--engine",
        help="Motore: durable (durable-rules, predefinito) o reference (Python puro, per diagnosi).",
    ),
    fail_on: Optional[str] = typer.Option(
        None, "--fail-on", metavar="GRAVITÀ", help="Codice di uscita 1 se c'è un rilievo di questa gravità o più "
        "grave: violazione (predefinita), avviso, informazione, mai."),
    select: list[str] = _SELECT,
    ignore: list[str] = _IGNORE,
    baseline: Optional[Path] = _BASELINE,
    write_baseline: Optional[Path] = _WRITE_BASELINE,
    config: Optional[Path] = _CONFIG,
    protocollo: Optional[str] = typer.Option(
        None, "--protocollo", metavar="NUMERO", help="Numero di protocollo, nell'intestazione e nei metadati del PDF."),
    atto: Optional[str] = typer.Option(
        None, "--atto", metavar="ESTREMI", help="Atto a cui il rapporto è allegato (es. \"Deliberazione n. 1 del 28/01/2021\")."),
    firmatario: Optional[str] = typer.Option(
        None, "--firmatario", metavar="NOME", help="Chi firma il rapporto (autore nei metadati del PDF)."),
    brief: bool = typer.Option(
        False, "--breve", "--brief", help="Solo sintesi e rilievi (senza unità e appendice), per il terminale."),
) -> None:
    """Verifica un piano e stampa il rapporto di conformità."""
    from compliance.engine.durable_runner import EngineError
    from compliance.evaluate import NoReferenceDate, NoRulesInForce, check_plan
    from compliance.model.loader import load_any_plan
    from compliance.pipeline import check as pipeline
    from compliance.rules.cache import load_rulebook  # the rule book of an earlier run if unchanged

    settings = _or_fail(lang.value if lang else "it", lambda: pipeline.resolve(
        lang=lang.value if lang else None, format=format.value if format else None, fail_on=fail_on, select=select,
        ignore=ignore, baseline=baseline, write_baseline=write_baseline, rules_dir=rules_dir, config=config))
    lg, fmt = settings.lang, Format(settings.format)
    if plan.is_dir():  # a plan's folder of years: the audit's overview (compliance/audit/command.py)
        from compliance.audit.command import check_folder

        raise typer.Exit(check_folder(plan, settings, output=output, engine=engine.value, date_given=date is not None))
    day = _parse_date(date, lg)
    if fmt is Format.pdf and output is None:  # binary: never to a terminal or a pipe by mistake
        _fail([InputProblem("--format pdf", None, None, t("pdf_needs_output", lg))], lg)
    _refuse_output_over_inputs(output, [plan], lg)
    piano, doc = _or_fail(lg, load_any_plan, plan, lg)
    book = _or_fail(lg, load_rulebook, settings.rules_dir)
    try:
        report = check_plan(piano, book, plan_file=str(plan), plan_bytes=doc.raw, date=day, lang=lg,
                            engine=engine.value)
    except NoReferenceDate:
        line = doc.lines.get(("approvazione",))
        _fail([InputProblem(str(plan), line, "approvazione.data", t("no_reference_date", lg))], lg)
    except NoRulesInForce as exc:
        _fail([InputProblem("--date" if day else str(plan), None, None,
                            t("no_rules_in_force", lg, day=exc.args[0].strftime("%d/%m/%Y")))], lg)
    except EngineError as exc:
        _engine_failed(plan, exc, lg)
    report, accepted, base = _or_fail(lg, pipeline.apply, report, book, settings)

    from compliance.report.view import attachment

    attached = attachment(protocollo, atto, firmatario)
    if output is None and fmt is Format.text:
        from rich.console import Console

        from compliance.report.terminal import print_report

        print_report(report, Console(highlight=False), attached, brief=brief)
    elif fmt is Format.pdf:
        _write_pdf(report, output, lg, attached)
    elif fmt in (Format.sarif, Format.junit):
        _emit(pipeline.render_ci(report, str(plan), settings, accepted, base), output, lg)
    else:
        _emit(_render(report, fmt, attached, brief), output, lg)
    raise typer.Exit(pipeline.exit_code(report, settings.fail_on))


def _emit(text: str, output: Optional[Path], lang: str) -> None:
    """Text to standard output, or to a file written atomically (an error: exit 2)."""
    if output is None:
        sys.stdout.write(text)
        return
    from compliance.output import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        _output_failed(output, exc, lang)


def _write_pdf(report, output: Path, lang: str, doc) -> None:
    """The report as PDF/A (WeasyPrint); exit 3 if it cannot be made (nothing written)."""
    from compliance.output import write_atomic
    from compliance.report.pdf import PdfFailed, render_pdf

    try:
        data = render_pdf(report, doc)
    except PdfFailed as exc:
        typer.echo(f"{t('error_prefix', lang)}: {t('pdf_failed', lang, detail=exc)}", err=True)
        raise typer.Exit(3)
    try:
        write_atomic(output, data)
    except OSError as exc:
        _output_failed(output, exc, lang)


def _render(report, format: Format, doc=None, brief: bool = False) -> str:
    if format is Format.html:
        from compliance.report.html import render_html

        return render_html(report, doc)
    if format is Format.json:
        from compliance.report.json_report import render_json

        return render_json(report)
    if format is Format.md:
        from compliance.report.markdown import render_markdown

        return render_markdown(report, doc)
    return _render_text(report, doc, brief)


def _render_text(report, doc=None, brief: bool = False) -> str:
    import io

    from rich.console import Console

    from compliance.report.terminal import print_report

    buffer = io.StringIO()
    print_report(report, Console(file=buffer, width=80, color_system=None, highlight=False), doc, brief=brief)
    return buffer.getvalue()


@app.command("template", cls=ItalianCommand)
def template(
    file: Path = typer.Argument(..., metavar="FILE", help="File .xlsx o .ods da creare (altro nome: cartella di CSV)."),
    tipo: str = typer.Option("piano_annuale", "--tipo", metavar="TIPO", help="piano_annuale o piano_triennale."),
    capofila: Optional[str] = typer.Option(
        None, "--capofila", metavar="COMUNE",
        help="Comune capofila: già scritto nel modello; gli elenchi propongono i comuni della sua provincia."),
    lang: Lang = typer.Option(Lang.it, "--lang", help="Lingua dei messaggi: it o en."),
) -> None:
    """Scrive il modello del piano da compilare: dati generali, una scheda per tabella, controlli ed elenchi."""
    from compliance.spreadsheet.files import write_sheets

    _or_fail(lang.value, write_sheets, None, file, lang.value, tipo, capofila)
    typer.echo(t("ss_template_written", lang.value, path=file), err=True)


@app.command("export", cls=ItalianCommand)
def export(
    plan: Path = typer.Argument(..., metavar="PIANO", help="File del piano (YAML)."),
    file: Path = typer.Argument(..., metavar="FILE", help="File .xlsx o .ods da creare (altro nome: cartella di CSV)."),
    lang: Lang = typer.Option(Lang.it, "--lang", help="Lingua dei messaggi: it o en."),
) -> None:
    """Esporta un piano (YAML) nel foglio di calcolo del modello."""
    from compliance.model.loader import load_any_plan
    from compliance.spreadsheet.files import write_sheets

    piano = _or_fail(lang.value, load_any_plan, plan, lang.value)[0]
    _or_fail(lang.value, write_sheets, piano, file, lang.value)
    typer.echo(t("ss_export_written", lang.value, path=file), err=True)


@app.command("import", cls=ItalianCommand)
def import_(
    file: Optional[Path] = typer.Argument(
        None, metavar="FILE",
        help="Foglio di calcolo compilato (.xlsx, .ods) o cartella di CSV; oppure il documento del piano "
             "(.pdf, .docx, .odt, .txt), da cui si ricava una bozza.",
    ),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", metavar="PIANO", help="File del piano (YAML) da scrivere; senza: sullo schermo."
    ),
    lotto: Optional[Path] = typer.Option(
        None, "--lotto", metavar="CARTELLA",
        help="Tutti i documenti di una cartella: una bozza ciascuno nella cartella -o, con un riepilogo.",
    ),
    lang: Lang = typer.Option(Lang.it, "--lang", help="Lingua dei messaggi: it o en."),
) -> None:
    """Legge un foglio di calcolo compilato, o il documento del piano, e scrive il file del piano (YAML)."""
    from compliance.documents.command import handles, import_command
    from compliance.spreadsheet.files import import_to_yaml

    if lotto is not None or handles(file):  # the plan's document -> a draft (compliance/documents/)
        raise typer.Exit(_or_fail(lang.value, import_command, file, output, lotto, lang.value,
                                  lambda m: typer.echo(m, err=True), sys.stdout.write))
    if file is None:
        _fail([InputProblem("FILE", None, None, t("missing", lang.value))], lang.value)

    text = _or_fail(lang.value, import_to_yaml, file, output, lang.value)
    if output is None:
        sys.stdout.write(text)
    else:
        typer.echo(t("ss_import_written", lang.value, path=output), err=True)


@app.command("schema", cls=ItalianCommand)
def schema() -> None:
    """Stampa lo schema JSON del file del piano (per la validazione negli editor)."""
    from compliance.model.plan import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@app.command("facts", cls=ItalianCommand)
def facts(
    plan: Path = typer.Argument(DEFAULT_CASE, metavar="PIANO", show_default=False,
                                help="File del piano (YAML). Predefinito: il caso Cremasco 2021."),
    date: Optional[str] = typer.Option(None, "--date", metavar="AAAA-MM-GG", help="Data di riferimento."),
) -> None:
    """Stampa in JSON i fatti che le regole valutano (per capire un verdetto)."""
    from compliance.facts.build import build_facts
    from compliance.facts.fields import json_value
    from compliance.model.loader import load_any_plan

    day = _parse_date(date, "it")
    piano, _doc = _or_fail("it", load_any_plan, plan)
    day = day or piano.approvazione.data
    facts = build_facts(piano, day).facts
    typer.echo(json.dumps(facts, indent=2, ensure_ascii=False, default=json_value))


@app.command("whatif", cls=ItalianCommand)
def whatif(
    plan: Path = typer.Argument(..., metavar="PIANO", help="File del piano (YAML)."),
    scenarios: Optional[list[Path]] = typer.Argument(
        None, metavar="SCENARIO", help="File YAML di scenario (nome, descrizione, modifiche, aggiungi, rimuovi)."),
    set_: Optional[list[str]] = typer.Option(
        None, "--set", metavar="PERCORSO=VALORE", help="Modifica un campo del piano (scenario al volo; ripetibile)."),
    sweep: Optional[str] = typer.Option(
        None, "--sweep", metavar="PERCORSO=INIZIO:FINE:PASSO", help="Fa variare un campo e mostra dove cambia il verdetto."),
    plot: Optional[Path] = typer.Option(None, "--plot", metavar="FILE.png", help="Con --sweep: grafico PNG dei verdetti."),
    suggest: bool = typer.Option(False, "--suggerisci", help="Suggerisce il piano conforme più vicino (verificato)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", min=1, metavar="N", help="Processi per --sweep (predefinito: automatico)."),
    format: WhatifFormat = typer.Option(WhatifFormat.text, "--format", "-f",
                                        help="Formato: text (terminale), md, json, html (pagina unica)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Scrive il risultato in questo file."),
    date: Optional[str] = typer.Option(None, "--date", metavar="AAAA-MM-GG", help="Data di riferimento."),
    lang: Lang = typer.Option(Lang.it, "--lang", help="Lingua: it o en."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", metavar="CARTELLA", help="Cartella delle regole."),
) -> None:
    """Che cosa succede se: confronta il piano con scenari di modifica, varia un campo, suggerisce."""
    from compliance.engine.durable_runner import EngineError
    from compliance.whatif.command import run
    from compliance.whatif.render import render_html, render_json, render_text

    lg = lang.value
    day = _parse_date(date, lg)
    for written in (output, plot):
        _refuse_output_over_inputs(written, [plan, *(scenarios or [])], lg)
    try:
        result = run(plan, list(scenarios or []), list(set_ or []), sweep, suggest, day, lg, rules_dir, plot, jobs)
    except InputError as exc:
        _fail(exc.problems, lg)
    except EngineError as exc:
        _engine_failed(plan, exc, lg)
    if format is WhatifFormat.json:
        text = render_json(result)
    elif format is WhatifFormat.html:
        text = render_html(result)
    else:
        text = render_text(result, markdown=format is WhatifFormat.md)
    _emit(text, output, lg)
    raise typer.Exit(1 if result.has_violations else 0)


@app.command("audit", cls=ItalianCommand)
def audit(
    paths: list[Path] = typer.Argument(..., metavar="PERCORSO...", help="File o cartelle di piani (YAML)."),
    output: Path = typer.Option(..., "--output", "-o", metavar="CARTELLA", help="Cartella dei risultati."),
    rule: list[str] = typer.Option([], "--rule", metavar="ID", help="Solo questa regola (ripetibile)."),
    severity: list[str] = typer.Option([], "--severity", metavar="GRAVITÀ",
                                       help="Solo questa gravità: violazione, avviso, informazione (ripetibile)."),
    year: list[int] = typer.Option([], "--year", metavar="ANNO", help="Solo i piani di questo anno (ripetibile)."),
    ambito: list[str] = typer.Option([], "--ambito", metavar="TESTO",
                                     help="Solo gli ambiti il cui nome contiene il testo (ripetibile)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="GRAVITÀ",
                                          help="Codice di uscita 1 se c'è un rilievo di questa gravità o più grave: "
                                               "violazione (predefinita), avviso, informazione, mai."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Processi di valutazione (predefinito: 1 sotto i 500 piani)."),
    lang: Optional[Lang] = typer.Option(None, "--lang", help="Lingua: it (predefinita) o en."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", metavar="CARTELLA", help="Cartella delle regole."),
    formats: list[str] = typer.Option([], "--format", "-f", metavar="FORMATO",
                                      help="Da scrivere (ripetibile): html, md, csv, json, sarif, junit; predefiniti: tutti."),
    select: list[str] = _SELECT,
    ignore: list[str] = _IGNORE,
    baseline: Optional[Path] = _BASELINE,
    write_baseline: Optional[Path] = _WRITE_BASELINE,
    config: Optional[Path] = _CONFIG,
) -> None:
    """Verifica molti piani insieme (anche tra piani): riepilogo, rapporti, JSON, CSV, SARIF, JUnit e pagina HTML."""
    from compliance.audit.command import audit_command

    raise typer.Exit(audit_command(paths, output, rules=rule, severities=severity, years=year, ambiti=ambito,
                                   fail_on=fail_on, jobs=jobs, lang=lang.value if lang else None, rules_dir=rules_dir,
                                   formats=formats, select=select, ignore=ignore, baseline=baseline,
                                   write_baseline=write_baseline, config=config))


@app.command("genera", cls=ItalianCommand)
def genera(
    output: Path = typer.Argument(..., metavar="CARTELLA", help="Cartella dove scrivere i piani e manifest.json."),
    seed: int = typer.Option(0, "--seed", help="Seme: stesso seme, stessi piani."),
    year: list[int] = typer.Option([], "--year", metavar="ANNO", help="Anni dei piani (ripetibile; predefiniti 2024-2026)."),
    ambiti: int = typer.Option(91, "--ambiti", help="Numero di ambiti (al massimo 91)."),
    defect_share: float = typer.Option(0.2, "--difetti", metavar="QUOTA", help="Quota di piani con un difetto (0-1)."),
) -> None:
    """Genera piani sintetici realistici (comuni ISTAT reali) con difetti noti, per provare la verifica."""
    from compliance.synth.command import genera_command

    raise typer.Exit(genera_command(output, seed=seed, years=year, ambiti=ambiti, defect_share=defect_share))


@app.command("serve", cls=ItalianCommand)
def serve(
    host: str = typer.Option("127.0.0.1", "--host", metavar="INDIRIZZO",
                             help="Indirizzo di ascolto (predefinito 127.0.0.1: solo questo computer)."),
    port: int = typer.Option(8016, "--port", metavar="PORTA", help="Porta (predefinita 8016)."),
    root: Optional[Path] = typer.Option(None, "--root", metavar="CARTELLA",
                                        help="Cartella le cui sottocartelle si possono verificare (predefinita: quella corrente)."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", help="Processi di valutazione (predefinito: uno per core, al massimo 4)."),
    lang: Lang = typer.Option(Lang.it, "--lang", help="Lingua predefinita della pagina: it o en."),
) -> None:
    """Avvia la pagina web locale: verifica di un piano, che cosa succede se, verifica di più piani."""
    from compliance.web.command import serve_command

    raise typer.Exit(serve_command(host=host, port=port, root=root, workers=workers, lang=lang.value))


class Severity(str, Enum):
    violazione = "violazione"
    avviso = "avviso"
    informazione = "informazione"


@rules_app.command("list", cls=ItalianCommand)
def rules_list(
    date: Optional[str] = typer.Option(
        None, "--date", metavar="AAAA-MM-GG", help="Solo le regole in vigore in questa data."
    ),
    act: Optional[str] = typer.Option(None, "--act", metavar="ATTO", help="Solo le regole di questo atto (es. \"R.R. 4/2017\", \"L.R. 16/2016\")."),
    article: Optional[str] = typer.Option(None, "--article", metavar="ARTICOLO", help="Solo le regole di questo articolo (es. \"7 bis\", 13)."),
    severity: Optional[Severity] = typer.Option(None, "--severity", help="Solo le regole di questa gravità."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", metavar="CARTELLA", help="Cartella delle regole."),
) -> None:
    """Elenca le regole: id, versione, vigenza, gravità, fonte, certezza."""
    from compliance.rules.catalogue import select
    from compliance.rules.book import load_rulebook

    day = _parse_date(date, "it")
    book = _or_fail("it", load_rulebook, rules_dir)
    rules = select(book, act=act, article=article, day=day, severity=severity.value if severity else None)
    for r in rules:
        s = r.spec
        typer.echo(f"{s.id}  v{s.version}  {s.in_force.label()}  {s.severity}  {s.source.citation()}  [{s.certainty}]")
        typer.echo(f"    {s.title.it}  ({r.path})")
    typer.echo(f"{len(rules)} versioni di regole.")


@rules_app.command("explain", cls=ItalianCommand)
def rules_explain(
    rule_id: str = typer.Argument(..., metavar="ID", help="Identificativo della regola (es. RR4-A13-C3-QUOTA-INDIGENTI)."),
    lang: Lang = typer.Option(Lang.it, "--lang", help="Lingua dei titoli e delle spiegazioni: it o en."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", metavar="CARTELLA", help="Cartella delle regole."),
) -> None:
    """Spiega una regola: fonte, certezza, versioni nel tempo, condizione, casi di prova."""
    from compliance.rules.catalogue import explain
    from compliance.rules.book import load_rulebook

    book = _or_fail("it", load_rulebook, rules_dir)
    text = explain(book, rule_id, lang.value)
    if not text:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), sorted({r.id for r in book.rules}), n=1, cutoff=0.5)
        hint = f" Forse «{close[0]}»?" if close else ""
        _fail([InputProblem("ID", None, None, f"nessuna regola con id «{rule_id}».{hint}")], "it")
    typer.echo(text, nl=False)


@rules_app.command("catalogo", cls=ItalianCommand)
def rules_catalogue(
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Scrive il catalogo in questo file (Markdown)."),
    rules_dir: Optional[Path] = typer.Option(None, "--rules", metavar="CARTELLA", help="Cartella delle regole."),
) -> None:
    """Catalogo in Markdown di tutte le regole e dei punti non verificabili (docs/catalogo-regole.md)."""
    from compliance.rules.catalogue import render_catalogue
    from compliance.rules.book import load_rulebook

    book = _or_fail("it", load_rulebook, rules_dir)
    _emit(render_catalogue(book), output, "it")


@rules_app.command("test", cls=ItalianCommand)
def rules_test(rules_dir: Optional[Path] = typer.Option(None, "--rules", metavar="CARTELLA", help="Cartella delle regole.")) -> None:
    """Esegue i casi di prova (fixtures) di ogni regola con durable-rules e in Python."""
    from compliance.rules.fixtures import run_fixtures
    from compliance.rules.book import load_rulebook

    book = _or_fail("it", load_rulebook, rules_dir)
    failed = 0
    total = 0
    for rule in book.rules:
        for res in run_fixtures(rule):
            total += 1
            if not res.ok:
                failed += 1
                typer.echo(
                    f"FALLITO {res.rule_id} v{res.rule_version} «{res.name}»: atteso {res.expected}, "
                    f"durable-rules {res.engine}, Python {res.python}"
                )
    typer.echo(f"{total - failed} casi di prova superati, {failed} falliti.")
    raise typer.Exit(1 if failed else 0)


def dispatch(args: list[str], english: bool = False) -> int:
    """Run the CLI on `args`; return the exit code. Usage errors in Italian (English with
    --lang en), exit 2. How every run ends (Ctrl-C, unexpected errors): compliance/entry.py."""
    import faulthandler

    try:  # a crash inside the C engine prints a stack instead of dying silently
        faulthandler.enable()
    except (ValueError, OSError, AttributeError):  # no usable stderr
        pass
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="compliance", standalone_mode=False)
    except SystemExit as exc:  # click ends a run whose output pipe was closed with exit code 1
        context = exc.__context__
        if isinstance(context, OSError) and context.errno == errno.EPIPE:
            raise BrokenPipeError(errno.EPIPE, "broken pipe") from None
        raise
    except Exception as exc:  # click's UsageError and Abort, vendored by typer
        if hasattr(exc, "format_message") and getattr(exc, "exit_code", None) == 2:
            message = exc.format_message()
            ctx = getattr(exc, "ctx", None)
            usage = ctx.get_usage() if ctx is not None else ""
            if not english:
                message, usage = italian_error(message), italian_help(usage)
            prefix = t("error_prefix", "en" if english else "it")
            if usage:
                typer.echo(usage, err=True)
            typer.echo(f"{prefix}: {message}", err=True)
            return 2
        if type(exc).__name__ == "Abort":  # click's word for a KeyboardInterrupt (or EOF at a prompt)
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise Interrupted() from None
            return 2
        raise
    return code if isinstance(code, int) else 0


main = entry_main  # the console script (pyproject.toml points at compliance.entry:main)
