"""Plan documents made from the generator's plans (compliance.synth), for the tests and the
benchmark of `compliance import`: what a real plan document looks like, with noise.

`document_plan` turns a generated plan into what its document states (`truth`) and how it is
written (`Blocks`: paragraphs and tables), with noise drawn from a seed: a comune misspelt in one
row (kept as written: the truth has the slip), a table left out, the owner's cells merged over
its rows, other header wordings, the ALER's name in another order in one table, a dash for the
comune of the ALER's aggregated rows, a share with a decimal comma, "Categoria" heading the
police share (as the platform prints it), dates in words or in figures. Three layouts write the
blocks: a Word file with Word tables (`docx_bytes`), a PDF printed by Chromium from HTML with
tables broken across pages and their header repeated (`pdf_bytes`), and the text that
`pdftotext -layout` prints from that PDF (`layout_text`).
"""

from __future__ import annotations

import copy
import datetime
import html
import io
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from compliance.documents.values import MONTHS

LAYOUTS = ("docx", "pdf", "txt")
_MONTH_NAMES = {v: k for k, v in MONTHS.items()}


class PdftotextMissing(RuntimeError):
    """`pdftotext` (Debian package poppler-utils) is not installed."""


@dataclass
class Block:
    kind: str  # "title", "p", "heading", "table"
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    merge_first: bool = False  # merge the first column's equal consecutive cells (vertically)
    numeric: set[int] = field(default_factory=set)  # right-aligned columns


@dataclass
class DocumentPlan:
    truth: dict  # the plan as the document states it
    blocks: list[Block]
    noise: list[str]


def _date_words(day: datetime.date) -> str:
    return f"{day.day}{'°' if day.day == 1 else ''} {_MONTH_NAMES[day.month]} {day.year}"


def _date_figures(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _share(value) -> str:
    if float(value).is_integer():
        return f"{int(value)}%"
    return f"{value}".replace(".", ",") + "%"


def _typo(name: str, rng: random.Random) -> str:
    letters = [i for i, ch in enumerate(name) if ch.isalpha() and i > 0]
    i = rng.choice(letters)
    if name[i] == name[i - 1]:
        return name[:i] + name[i + 1:]  # "Casaletto" -> "Casaleto"
    return name[:i] + name[i] + name[i:]  # a doubled letter


_HEADERS = {
    "ente": ["Ragione Sociale Ente Proprietario", "Ente proprietario", "Proprietario", "Ente"],
    "unita": ["Numero unità immobiliari", "N. unità", "Unità abitative", "Numero alloggi"],
    "comune": ["Comune", "Comune di ubicazione", "Ubicazione"],
    "totale_a": ["Totale unità immobiliari", "Unità immobiliari complessive", "Totale"],
    "sap": ["N. alloggi SAP", "Alloggi SAP", "di cui SAP"],
    "sas": ["N. alloggi SAS", "Alloggi SAS", "di cui SAS"],
    "k_sap": ["N. alloggi SAP assegnati nel {y}", "Alloggi SAP assegnati", "SAP assegnati ({y})"],
    "k_deroga": ["N. alloggi SAP assegnati in deroga nel {y}", "Assegnati in deroga", "di cui in deroga ({y})"],
    "k_totale": ["Totale alloggi assegnati nel {y}", "Totale assegnati", "Totale alloggi assegnati"],
    "quota": ["Quota", "Quota percentuale", "Percentuale riservata", "Categoria"],
    "soglia": ["Soglia", "Quota percentuale", "Soglia %"],
    "categoria": ["Categoria", "Categoria aggiuntiva"],
    "motivazione": ["Motivazione", "Motivazioni"],
    "pl": ["Quota Polizia Locale", "Polizia Locale (art. 7 ter)"],
}

_TITLES = {
    "a_consistenza_patrimonio": "a) Consistenza del patrimonio abitativo pubblico e sociale",
    "b_carenza_manutentiva": "b) Unità abitative destinate a SAP in carenza manutentiva assegnabili nello stato di fatto "
                             "nel corso dell'anno (art. 10 R.R. n. 4/2017 e s.m.i.)",
    "c_nuova_edificazione": "c) Unità abitative destinate a SAP per nuova edificazione, in ristrutturazione, recupero, "
                            "riqualificazione, che prevedibilmente saranno assegnabili nell'anno",
    "d_normale_avvicendamento": "d) Numero unità abitative destinate a SAP libere e che si libereranno nel corso "
                                "dell'anno per effetto del normale avvicendamento",
    "e_conferite_da_privati": "e) Unità abitative conferite da soggetti privati e destinate a SAP (art. 23 c. 2 L.R. 16/2016)",
    "f_totale_assegnabili": "f) Numero complessivo delle unità abitative destinate a SAP che prevedibilmente saranno "
                            "assegnabili nell'anno (somma delle lettere da b ad e)",
    "g_soglia_indigenti_oltre_20": "g) Comuni che hanno individuato una soglia percentuale eccedente il 20% per "
                                   "l'assegnazione ai nuclei familiari in condizione di indigenza",
    "h_categorie_aggiuntive": "h) Comuni che hanno individuato categorie aggiuntive di particolare rilevanza sociale "
                              "(art. 23 c. 3 L.R. 16/2016)",
    "i_forze_di_polizia": "i) Comuni che hanno destinato una quota percentuale delle unità ai nuclei familiari "
                          "appartenenti alle Forze di Polizia e al Corpo Nazionale dei Vigili del Fuoco (art. 7 bis R.R. 4/2017)",
    "j_servizi_abitativi_transitori": "j) Unità abitative da destinare ai servizi abitativi transitori (art. 23 c. 13 L.R. 16/2016)",
    "k_assegnate_anno_precedente": "k) Numero delle unità abitative destinate a SAP assegnate nel corso dell'anno precedente",
    "riserve_categorie": "Riserve degli enti proprietari per categorie (art. 4 c. 3 lett. c bis R.R. 4/2017)",
}
_NONE = {
    "e_conferite_da_privati": "Nessun ente proprietario ha comunicato unità abitative conferite da soggetti privati.",
    "g_soglia_indigenti_oltre_20": "Nessun Comune ha individuato una soglia eccedente il 20%.",
    "h_categorie_aggiuntive": "Nessun Comune ha individuato categorie aggiuntive.",
    "i_forze_di_polizia": "Nessun Comune ha destinato una quota alle Forze di Polizia.",
    "j_servizi_abitativi_transitori": "Nessun Comune ha destinato unità ai servizi abitativi transitori.",
    "riserve_categorie": "Nessun ente proprietario ha stabilito riserve per categorie.",
    "b_carenza_manutentiva": "Nessun ente proprietario ha comunicato unità in carenza manutentiva.",
    "c_nuova_edificazione": "Nessun ente proprietario ha comunicato unità di nuova edificazione.",
    "d_normale_avvicendamento": "Nessun ente proprietario ha comunicato unità libere per avvicendamento.",
}
MISSABLE = ("c_nuova_edificazione", "d_normale_avvicendamento", "h_categorie_aggiuntive",
            "j_servizi_abitativi_transitori", "k_assegnate_anno_precedente")


def document_plan(plan: dict, seed: int | str = 0) -> DocumentPlan:
    """What the document of `plan` states, and its blocks, with noise drawn from `seed`."""
    rng = random.Random(f"doc/{seed}")
    truth = copy.deepcopy(plan)
    truth.pop("fonte", None)
    noise: list[str] = []
    tables = truth["tabelle"]
    amb = truth["ambito"]

    # noise on the data the document states
    missing = rng.choice(MISSABLE)
    tables.pop(missing, None)
    noise.append(f"tabella {missing} assente")
    if rng.random() < 0.6:
        for key in ("d_normale_avvicendamento", "f_totale_assegnabili"):
            for row in tables.get(key, {}).get("righe", []):
                if row["ente_proprietario"] == amb["aler_competente"] and rng.random() < 0.5:
                    row["comune"] = None
                    noise.append(f"«-» per il comune di una riga ALER in {key}")
    typo_rows = [r for k in ("b_carenza_manutentiva", "d_normale_avvicendamento", "f_totale_assegnabili")
                 for r in tables.get(k, {}).get("righe", []) if r.get("comune")]
    for row in rng.sample(typo_rows, k=min(2, len(typo_rows))):
        row["comune"] = _typo(row["comune"], rng)
        noise.append(f"refuso: {row['comune']}")
    if "k_assegnate_anno_precedente" in tables and rng.random() < 0.5:
        for row in tables["k_assegnate_anno_precedente"]["righe"]:
            if row["ente_proprietario"] == amb["aler_competente"]:
                row["ente_proprietario"] = f"{amb['aler_competente']} – U.O.G. di {amb['comune_capofila']}"
                noise.append("nome dell'ALER in altro ordine nella tabella k")
    police = tables.get("i_forze_di_polizia", {}).get("righe", [])
    if police and rng.random() < 0.5:
        police[0]["quota_percentuale"] = 7.5
        noise.append("quota con la virgola decimale")
    for key, note in _NONE.items():
        if key in tables and not tables[key].get("righe"):
            tables[key] = {"righe": [], "note": f'"{note}"'}
    truth["ricognizione"]["inadempienti"] = []

    words_dates = rng.random() < 0.5
    blocks = _blocks(truth, rng, words_dates, noise)
    return DocumentPlan(truth, blocks, noise)


def _pick(rng: random.Random, key: str, year: int | None = None) -> str:
    return rng.choice(_HEADERS[key]).format(y=(year or 0) - 1)


def _blocks(truth: dict, rng: random.Random, words_dates: bool, noise: list[str]) -> list[Block]:
    amb, app, ric, tables = truth["ambito"], truth["approvazione"], truth["ricognizione"], truth["tabelle"]
    year = truth["anno"]
    day = _date_words if words_dates else _date_figures
    b: list[Block] = [
        Block("p", amb["denominazione"]),
        Block("p", f"Comune di {amb['comune_capofila']}"),
        Block("p", "Ente capofila per il Piano di Zona"),
        Block("title", truth["titolo"]),
        Block("p", f"Approvato dall'Assemblea dei Sindaci del {day(app['data'])}"),
        Block("heading", "Premessa"),
        Block("p", "Il Piano annuale effettua la ricognizione delle unità abitative destinate ai servizi abitativi "
                   "pubblici e sociali che si prevede di assegnare nel corso dell'anno; la ricognizione è effettuata "
                   "attraverso la piattaforma informatica regionale."),
        Block("p", f"Il piano è stato approvato con {app['atto']}."),
        Block("p", f"L'ambito comprende i seguenti {len(amb['comuni'])} comuni: {', '.join(amb['comuni'])}."),
        Block("p", f"L'ALER territorialmente competente è {amb['aler_competente']}."),
        Block("heading", "La ricognizione"),
        Block("p", f"La ricognizione del patrimonio abitativo ha riguardato complessivamente "
                   f"{ric['comuni_coinvolti']} Comuni. Dei {amb['numero_comuni']} Comuni dell'ambito, "
                   f"{ric['comuni_titolari_di_patrimonio']} risultano titolari di patrimonio."),
        Block("p", "Tutti gli enti hanno dato riscontro alla fase di ricognizione; nessun ente è risultato "
                   "inadempiente all'obbligo informativo."),
        Block("heading", "Esito della ricognizione per ente"),
        Block("table", header=["Ente", "Riscontro", "Data del riscontro"],
              rows=[[e["ente"], "sì" if e["riscontro"] else "no", day(e["data_riscontro"])] for e in ric["enti"]]),
        Block("heading", "I dati della programmazione"),
    ]
    total_word = rng.choice(["Totale", "TOTALE", "Totale complessivo"])
    merge = rng.random() < 0.7
    if merge:
        noise.append("celle del proprietario unite")
    for key in ("a_consistenza_patrimonio", "b_carenza_manutentiva", "c_nuova_edificazione",
                "d_normale_avvicendamento", "e_conferite_da_privati", "f_totale_assegnabili",
                "g_soglia_indigenti_oltre_20", "h_categorie_aggiuntive", "i_forze_di_polizia",
                "j_servizi_abitativi_transitori", "riserve_categorie", "k_assegnate_anno_precedente"):
        if key not in tables:
            continue
        table = tables[key]
        b.append(Block("heading", _TITLES[key]))
        if not table["righe"]:
            b.append(Block("p", table["note"].strip('"')))
            continue
        b.append(_table_block(key, table, rng, year, total_word, merge))
    b.append(Block("heading", "Misure di sostegno all'accesso e al mantenimento dell'abitazione"))
    b.append(Block("table", header=["Misura", "Riferimento"],
                   rows=[[m["descrizione"], m["riferimento"]] for m in truth["misure_sostegno"]]))
    b.append(Block("heading", "Avvisi pubblici"))
    b.append(Block("table", header=["Avviso", "Data di pubblicazione", "Ente"],
                   rows=[[a["estremi"], day(a["data"]), a["ente"]] for a in truth["avvisi"]]))
    if truth.get("notifiche_prefettura"):
        b.append(Block("heading", "Notifiche alla Prefettura (art. 7 bis c. 2 R.R. 4/2017)"))
        b.append(Block("table", header=["Ente", "Data della notifica", "Prefettura"],
                       rows=[[n["ente_proprietario"], day(n["data"]), n["prefettura"]]
                             for n in truth["notifiche_prefettura"]]))
    else:
        truth.pop("notifiche_prefettura", None)  # no section in the document: not stated
    b.append(Block("p", "Allegati al presente documento: report della programmazione annuale estratto dalla "
                        "piattaforma informatica regionale."))
    return b


def _table_block(key: str, table: dict, rng: random.Random, year: int, total_word: str, merge: bool) -> Block:
    rows = table["righe"]
    if key == "a_consistenza_patrimonio":
        header = [_pick(rng, "ente"), _pick(rng, "totale_a"), _pick(rng, "sap"), _pick(rng, "sas")]
        body = [[r["ente_proprietario"], _count(r["totale_unita_immobiliari"]), _count(r["alloggi_sap"]),
                 _count(r["alloggi_sas"])] for r in rows]
        t = table["totale"]
        body.append([total_word, _count(t["totale_unita_immobiliari"]), _count(t["alloggi_sap"]),
                     _count(t["alloggi_sas"])])
        return Block("table", header=header, rows=body, numeric={1, 2, 3})
    if key == "k_assegnate_anno_precedente":
        header = [_pick(rng, "ente"), _pick(rng, "k_sap", year), _pick(rng, "k_deroga", year), _pick(rng, "k_totale", year)]
        fields = ("alloggi_sap_assegnati", "alloggi_sap_assegnati_in_deroga", "totale_alloggi_assegnati")
        body = [[r["ente_proprietario"], *(_count(r[f]) for f in fields)] for r in rows]
        body.append([total_word, *(_count(table["totale"][f]) for f in fields)])
        return Block("table", header=header, rows=body, numeric={1, 2, 3})
    if key == "e_conferite_da_privati":
        header = [_pick(rng, "ente"), _pick(rng, "unita"), _pick(rng, "comune"), "Convenzione dal", "Scadenza",
                  "Rinnovo", "Estremi"]
        body = []
        for r in rows:
            c = r.get("convenzione") or {}
            body.append([r["ente_proprietario"], _count(r["unita_immobiliari"]), r.get("comune") or "-",
                         _date_figures(c["data_inizio"]) if c.get("data_inizio") else "",
                         _date_figures(c["data_fine"]) if c.get("data_fine") else "",
                         c.get("rinnovo") or "", c.get("estremi") or ""])
        body.append([total_word, _count(table["totale"]), "", "", "", "", ""])
        return Block("table", header=header, rows=body, merge_first=merge, numeric={1})
    if "totale" in table and key[0] in "bcdf":
        header = [_pick(rng, "ente"), _pick(rng, "unita"), _pick(rng, "comune")]
        body = [[r["ente_proprietario"], _count(r["unita_immobiliari"]), r.get("comune") or "-"] for r in rows]
        body.append([total_word, _count(table["totale"]), ""])
        return Block("table", header=header, rows=body, merge_first=merge, numeric={1})
    if key == "g_soglia_indigenti_oltre_20":
        return Block("table", header=["Comune", _pick(rng, "soglia")],
                     rows=[[f"Comune di {r['comune']}", _share(r["quota_percentuale"])] for r in rows], numeric={1})
    if key == "h_categorie_aggiuntive":
        return Block("table", header=["Comune", _pick(rng, "categoria"), _pick(rng, "motivazione")],
                     rows=[[f"Comune di {r['comune']}", r["categoria"], r.get("motivazione") or ""] for r in rows])
    if key == "i_forze_di_polizia":
        local = any("quota_polizia_locale" in r for r in rows)
        header = ["Comune", _pick(rng, "quota")] + ([_pick(rng, "pl")] if local else [])
        body = [[f"Comune di {r['comune']}", _share(r["quota_percentuale"])]
                + ([_share(r["quota_polizia_locale"])] if local else []) for r in rows]
        return Block("table", header=header, rows=body, numeric={1, 2})
    if key == "j_servizi_abitativi_transitori":
        return Block("table", header=["Comune", _pick(rng, "unita")],
                     rows=[[f"Comune di {r['comune']}", _count(r["unita_immobiliari"])] for r in rows], numeric={1})
    if key == "riserve_categorie":
        return Block("table", header=["Ente proprietario", "Quota", "Categorie"],
                     rows=[[r["ente_proprietario"], _share(r["quota_percentuale"]), ", ".join(r["categorie"])]
                           for r in rows], numeric={1})
    raise KeyError(key)


# ---- layouts ------------------------------------------------------------------------------


def docx_bytes(blocks: list[Block]) -> bytes:
    """A Word file: paragraphs, headings, tables in the "Table Grid" style, owner cells merged."""
    import docx

    document = docx.Document()
    for block in blocks:
        if block.kind == "title":
            document.add_heading(block.text, level=1)
        elif block.kind == "heading":
            document.add_heading(block.text, level=2)
        elif block.kind == "p":
            document.add_paragraph(block.text)
        else:
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for j, text in enumerate(block.header):
                table.cell(0, j).text = text
            for i, row in enumerate(block.rows, start=1):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
            if block.merge_first:
                _merge_runs(table, block.rows)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _runs(rows: list[list[str]]) -> list[tuple[int, int]]:
    """(first, last) data-row indexes of runs of equal first cells (totals row excluded)."""
    out = []
    start = 0
    body = rows[:-1] if rows and rows[-1][0].casefold().startswith("totale") else rows
    for i in range(1, len(body) + 1):
        if i == len(body) or body[i][0] != body[start][0]:
            if i - 1 > start:
                out.append((start, i - 1))
            start = i
    return out


def _merge_runs(table, rows: list[list[str]]) -> None:
    for first, last in _runs(rows):
        text = rows[first][0]
        merged = table.cell(first + 1, 0).merge(table.cell(last + 1, 0))
        merged.text = text


def odt_bytes(blocks: list[Block]) -> bytes:
    """An OpenDocument text: headings, paragraphs, tables; owner cells spanning rows."""
    from odf.opendocument import OpenDocumentText
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    for block in blocks:
        if block.kind in ("title", "heading"):
            document.text.addElement(H(outlinelevel=1 if block.kind == "title" else 2, text=block.text))
        elif block.kind == "p":
            document.text.addElement(P(text=block.text))
        else:
            table = Table()
            table.addElement(TableColumn(numbercolumnsrepeated=len(block.header)))
            header = TableRow()
            for text in block.header:
                cell = TableCell()
                cell.addElement(P(text=text))
                header.addElement(cell)
            table.addElement(header)
            spans = {first: last - first + 1 for first, last in _runs(block.rows)} if block.merge_first else {}
            covered = {i for first, n in spans.items() for i in range(first + 1, first + n)}
            for i, row in enumerate(block.rows):
                tr = TableRow()
                for j, text in enumerate(row):
                    if j == 0 and i in covered:
                        tr.addElement(CoveredTableCell())
                        continue
                    cell = TableCell(numberrowsspanned=spans[i]) if j == 0 and i in spans else TableCell()
                    cell.addElement(P(text=text))
                    tr.addElement(cell)
                table.addElement(tr)
            document.text.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


_CSS = """
@page { size: A4; margin: 18mm 16mm;
  @top-right { content: "Piano annuale dell'offerta abitativa"; font-size: 8pt; color: #555; }
  @bottom-center { content: "Pagina " counter(page) " di " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 15pt; margin: 14pt 0 8pt; }
h2 { font-size: 11pt; margin: 14pt 0 6pt; }
p { margin: 4pt 0; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0 10pt; }
th, td { border: 0.6pt solid #333; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
"""


def html_page(blocks: list[Block]) -> str:
    parts = ['<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><style>', _CSS, "</style></head><body>"]
    esc = html.escape
    for block in blocks:
        if block.kind == "title":
            parts.append(f"<h1>{esc(block.text)}</h1>")
        elif block.kind == "heading":
            parts.append(f"<h2>{esc(block.text)}</h2>")
        elif block.kind == "p":
            parts.append(f"<p>{esc(block.text)}</p>")
        else:
            parts.append("<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in block.header) + "</tr></thead><tbody>")
            spans = {first: last - first + 1 for first, last in _runs(block.rows)} if block.merge_first else {}
            covered = {i for first, n in spans.items() for i in range(first + 1, first + n)}
            for i, row in enumerate(block.rows):
                cells = []
                for j, text in enumerate(row):
                    if j == 0 and i in covered:
                        continue
                    attrs = ' class="n"' if j in block.numeric else ""
                    if j == 0 and i in spans:
                        attrs += f' rowspan="{spans[i]}"'
                    cells.append(f"<td{attrs}>{esc(text)}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def pdf_bytes(blocks: list[Block]) -> bytes:
    """The HTML page printed to PDF by headless Chromium (compliance.report.browser)."""
    from compliance.report.browser import html_to_pdf

    return html_to_pdf(html_page(blocks))


def layout_text(pdf: bytes) -> str:
    """What `pdftotext -layout` prints from a PDF (Debian package poppler-utils)."""
    program = shutil.which("pdftotext")
    if program is None:
        raise PdftotextMissing("pdftotext non trovato: installare il pacchetto Debian poppler-utils")
    with tempfile.TemporaryDirectory(prefix="compliance-doc-") as tmp:
        source = Path(tmp) / "piano.pdf"
        source.write_bytes(pdf)
        done = subprocess.run([program, "-layout", "-enc", "UTF-8", str(source), "-"], capture_output=True,
                              timeout=120, check=True)
    return done.stdout.decode("utf-8")


def write_documents(plan: dict, seed: int | str, folder: Path, stem: str,
                    layouts: tuple[str, ...] = LAYOUTS) -> tuple[DocumentPlan, dict[str, Path]]:
    """The plan's document in each layout, written into `folder`: {layout: path}."""
    doc = document_plan(plan, seed)
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    pdf = None
    if "docx" in layouts:
        out["docx"] = folder / f"{stem}.docx"
        out["docx"].write_bytes(docx_bytes(doc.blocks))
    if "pdf" in layouts or "txt" in layouts:
        pdf = pdf_bytes(doc.blocks)
    if "pdf" in layouts:
        out["pdf"] = folder / f"{stem}.pdf"
        out["pdf"].write_bytes(pdf)
    if "txt" in layouts:
        out["txt"] = folder / f"{stem}.txt"
        out["txt"].write_text(layout_text(pdf), encoding="utf-8")
    return doc, out


# ---- scoring ------------------------------------------------------------------------------


@dataclass
class Score:
    """Field-level comparison of a draft with what the document states."""

    truth: int = 0  # fields the document states
    extracted: int = 0  # fields the draft writes
    correct: int = 0
    wrong: list[tuple[str, object, object]] = field(default_factory=list)  # (field, stated, written)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0

    def add(self, other: "Score") -> None:
        self.truth += other.truth
        self.extracted += other.extracted
        self.correct += other.correct
        self.wrong += other.wrong
        self.missed += other.missed


def _norm(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _leaves(value, path: str, out: dict) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _leaves(item, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out[path] = [v for v in value]
    elif value is not None:
        out[path] = _norm(value) if not isinstance(value, list) else [_norm(v) for v in value]


def _row_key(row: dict) -> str:
    return "|".join(str(row.get(k)) for k in ("ente_proprietario", "comune", "ente", "estremi", "descrizione"))


def compare(truth: dict, draft: dict, path: str = "") -> Score:
    """Every field of `truth` (null leaves aside) against `draft`; lists of rows are aligned on
    their owner and comune, so that one missing row costs its own fields only."""
    import difflib

    score = Score()
    a: dict = {}
    b: dict = {}
    _leaves(truth, path, a)
    _leaves(draft, path, b)
    for key in sorted(set(a) | set(b)):
        x, y = a.get(key), b.get(key)
        if isinstance(x, list) and x and isinstance(x[0], dict) or isinstance(y, list) and y and isinstance(y[0], dict):
            rows_a = x if isinstance(x, list) else []
            rows_b = y if isinstance(y, list) else []
            matcher = difflib.SequenceMatcher(a=[_row_key(r) for r in rows_a], b=[_row_key(r) for r in rows_b],
                                              autojunk=False)
            paired_a, paired_b = set(), set()
            for block in matcher.get_matching_blocks():
                for k in range(block.size):
                    i, j = block.a + k, block.b + k
                    paired_a.add(i)
                    paired_b.add(j)
                    score.add(compare(rows_a[i], rows_b[j], f"{key}.{i}"))
            # rows left: pair them in order when their number matches (a misread key), else count alone
            rest_a = [i for i in range(len(rows_a)) if i not in paired_a]
            rest_b = [j for j in range(len(rows_b)) if j not in paired_b]
            for i, j in zip(rest_a, rest_b):
                score.add(compare(rows_a[i], rows_b[j], f"{key}.{i}"))
            for i in rest_a[len(rest_b):]:
                score.add(compare(rows_a[i], {}, f"{key}.{i}"))
            for j in rest_b[len(rest_a):]:
                score.add(compare({}, rows_b[j], f"{key}.+{j}"))
            continue
        if x is not None:
            score.truth += 1
        if y is not None:
            score.extracted += 1
        if x is not None and y is not None:
            if x == y:
                score.correct += 1
            else:
                score.wrong.append((key, x, y))
        elif x is not None:
            score.missed.append(key)
        else:
            score.wrong.append((key, None, y))  # written, not stated: invented
    return score
