"""The overview's map: Lombardy with each plan's ambito coloured by its worst outcome, one layer per
year, each ambito a link to its plan's report. Inline SVG, no external resource.

An ambito is the union of the comuni its plan lists (ISTAT boundaries, compliance/registry/
boundaries.py); a plan that lists none is drawn as its comune capofila alone, and a plan that names
neither is left off (the map says how many). Without the optional extra `compliance[mappa]`
`render_map` returns None and the overview says why there is no map.
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from compliance.audit.summary import OUTCOMES, AuditSummary, PlanRow
from compliance.i18n import t, tn

WIDTH = 1000.0  # viewBox units; the SVG scales to the page
PAD = 8.0
TOLERANCE = 0.6  # simplification, in viewBox units (about 150 m)
COLOURS = {"errore": "#37474f", "violazione": "#c62828", "avviso": "#f2a900", "non_valutabile": "#8e99a8",
           "informazione": "#5fa8e0", "conforme": "#3f9b4a"}
NO_PLAN = "#ececec"


@dataclass(frozen=True)
class MapLayer:
    key: str  # "2025", or "2023-2025" for three-year plans
    label: str
    rows: list[PlanRow]


@dataclass(frozen=True)
class RenderedMap:
    svg: str  # the <svg> element
    layers: list[MapLayer]
    default: str  # the layer shown first
    not_placed: list[PlanRow]  # plans with neither a list of comuni nor a known capofila
    attribution: str


def _e(value) -> str:
    return html.escape(str(value), quote=True)


class _Projection:
    """Equirectangular at Lombardy's mean latitude: distances true enough at regional scale."""

    def __init__(self, bounds: tuple[float, float, float, float]):
        x0, y0, x1, y1 = bounds
        self.k = math.cos(math.radians((y0 + y1) / 2))
        self.x0, self.y1 = x0, y1
        self.scale = (WIDTH - 2 * PAD) / ((x1 - x0) * self.k)
        self.height = (y1 - y0) * self.scale + 2 * PAD

    def __call__(self, coords):
        out = coords.copy()
        out[:, 0] = (coords[:, 0] - self.x0) * self.k * self.scale + PAD
        out[:, 1] = (self.y1 - coords[:, 1]) * self.scale + PAD
        return out


def _path(geom) -> str:
    """SVG path data of a projected (multi)polygon: integers in tenths, relative moves."""
    import shapely

    parts: list[str] = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            pts = [(round(x * 10), round(y * 10)) for x, y in shapely.get_coordinates(ring)]
            if len(pts) < 4:
                continue
            cmd = [f"M{pts[0][0] / 10:g} {pts[0][1] / 10:g}"]
            px, py = pts[0]
            rel = []
            for x, y in pts[1:-1]:
                if (x, y) != (px, py):
                    rel.append(f"{(x - px) / 10:g} {(y - py) / 10:g}")
                    px, py = x, y
            parts.append(cmd[0] + "l" + " ".join(rel) + "z")
    return "".join(parts)


def _layers(rows: list[PlanRow], lang: str) -> list[MapLayer]:
    groups: OrderedDict[str, list[PlanRow]] = OrderedDict()
    triennali: OrderedDict[str, list[PlanRow]] = OrderedDict()
    for r in sorted(rows, key=lambda r: (r.plan.anno or 0, r.plan.name)):
        if r.plan.anno is None:
            continue
        if r.plan.tipo == "piano_triennale":
            end = r.plan.report.plan.anno_fine if r.plan.report and r.plan.report.plan.anno_fine else r.plan.anno + 2
            triennali.setdefault(f"{r.plan.anno}-{end}", []).append(r)
        else:
            groups.setdefault(str(r.plan.anno), []).append(r)
    layers = [MapLayer(k, k, v) for k, v in groups.items()]
    layers += [MapLayer(k, f"{k} ({t('au_three_year', lang)})", v) for k, v in triennali.items()]
    return layers


def render_map(s: AuditSummary, href: Callable[[PlanRow], str | None], lang: str) -> RenderedMap | None:
    """The map of the audit's plans; None when the boundaries are not installed (or none is placed)."""
    from compliance.registry.boundaries import load_boundaries

    bounds = load_boundaries()
    if bounds is None:
        return None
    import shapely

    layers = _layers(s.rows, lang)
    if not layers:
        return None
    base = _base_map()
    proj = base.projection

    def draw(geom):
        return shapely.transform(geom, proj).simplify(TOLERANCE, preserve_topology=True)

    default = next((lay.key for lay in reversed(layers) if "-" not in lay.key), layers[-1].key)
    shapes: dict[frozenset[str], str] = {}  # comuni -> id of the shape in <defs>
    defs: list[str] = []
    not_placed: list[PlanRow] = []
    body: list[str] = []
    for layer in layers:
        items = []
        for r in layer.rows:
            place = r.plan.place
            keys = frozenset(k for k in (place.comuni if place and place.comuni else
                                         ([place.capofila] if place and place.capofila else [])) if k in bounds.geoms)
            if not keys:
                not_placed.append(r)
                continue
            if keys not in shapes:
                shapes[keys] = f"a{len(shapes)}"
                geom = shapely.union_all([bounds.geoms[k] for k in keys])
                defs.append(f'<path id="{shapes[keys]}" d="{_path(draw(geom))}"/>')
            items.append((r, shapes[keys]))
        active = " attivo" if layer.key == default else ""
        body.append(f'<g class="anno{active}" data-anno="{_e(layer.key)}">')
        for r, shape in items:
            tip = _tooltip(r, lang)
            link = href(r)
            use = f'<use href="#{shape}" class="o-{r.worst}"/>'
            if link:
                body.append(f'<a href="{_e(link)}" data-piano="{_e(r.plan.name)}" data-esito="{r.worst}">'
                            f'<title>{_e(tip)}</title>{use}</a>')
            else:
                body.append(f'<g data-piano="{_e(r.plan.name)}" data-esito="{r.worst}"><title>{_e(tip)}</title>{use}</g>')
        body.append("</g>")

    height = round(proj.height, 1)
    svg = (f'<svg class="mappa" viewBox="0 0 {WIDTH:g} {height:g}" role="group" '
           f'aria-label="{_e(t("au_map_title", lang))}">'
           f'<defs>{"".join(defs)}</defs>'
           f'<path class="regione" d="{base.region}"/>'
           + "".join(body) +
           f'<g class="province">{base.provinces}</g></svg>')
    return RenderedMap(svg, layers, default, not_placed, bounds.attribution(lang))


@dataclass(frozen=True)
class _BaseMap:
    projection: _Projection
    region: str  # path data of Lombardy
    provinces: str  # province outlines and their sigle (SVG elements)


@lru_cache(maxsize=1)
def _base_map() -> _BaseMap:
    """What every map shares, computed once per process: the projection, the region, the provinces
    (outlines and sigle, for orientation: drawn over the ambiti, not clickable)."""
    import shapely

    from compliance.registry import istat
    from compliance.registry.boundaries import load_boundaries

    bounds = load_boundaries()
    by_prov: dict[str, list] = {}
    for c in istat.load():
        if c.codice_istat and c.key in bounds.geoms:
            by_prov.setdefault(c.sigla_provincia, []).append(bounds.geoms[c.key])
    provinces = {sigla: shapely.union_all(geoms) for sigla, geoms in sorted(by_prov.items())}
    region = shapely.union_all(list(provinces.values()))
    proj = _Projection(region.bounds)

    def draw(geom):
        return shapely.transform(geom, proj).simplify(TOLERANCE, preserve_topology=True)

    out = []
    for sigla, geom in provinces.items():
        shape = draw(geom)
        point = shape.representative_point()
        out.append(f'<path d="{_path(shape)}"/><text x="{point.x:.0f}" y="{point.y:.0f}">{_e(sigla)}</text>')
    return _BaseMap(proj, _path(draw(region)), "".join(out))


def _tooltip(r: PlanRow, lang: str) -> str:
    parts = [f"{r.plan.ambito or r.plan.name} — {r.plan.anno}"]
    if not r.plan.ok:
        parts.append(t("au_status_" + r.status, lang))
    else:
        counts = [(r.count("violazione"), "au_n_violazioni"), (r.count("avviso"), "au_n_avvisi"),
                  (r.non_valutabili, "au_n_non_valutabili"), (r.count("informazione"), "au_n_informazioni")]
        shown = [tn(key, n, lang) for n, key in counts if n]
        parts.append(", ".join(shown) if shown else t("conforme", lang))
    return ": ".join(parts)


def legend(lang: str) -> str:
    items = "".join(f'<span><i style="background:{COLOURS[o]}"></i>{_e(t("au_outcome_" + o, lang))}</span>'
                    for o in OUTCOMES)
    items += f'<span><i style="background:{NO_PLAN}"></i>{_e(t("au_outcome_nessuno", lang))}</span>'
    return f'<div class="legenda">{items}</div>'


def map_css() -> str:
    fills = "".join(f".mappa .o-{o}{{fill:{c}}}" for o, c in COLOURS.items())
    return (".mappa{width:100%;max-width:760px;height:auto;display:block}"
            f".mappa .regione{{fill:{NO_PLAN};stroke:#999;stroke-width:1}}"
            ".mappa use{stroke:#fff;stroke-width:.8}.mappa a:hover use,.mappa a:focus use{stroke:#000;stroke-width:2}"
            ".mappa .province path{fill:none;stroke:#333;stroke-width:1.2;pointer-events:none}"
            ".mappa .province text{font:600 18px system-ui,sans-serif;fill:#222;paint-order:stroke;stroke:#fff;"
            "stroke-width:3px;pointer-events:none;text-anchor:middle}"
            ".mappa g.anno{display:none}.mappa g.anno.attivo{display:inline}" + fills +
            ".legenda{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.4rem 0}"
            ".legenda i{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-2px;"
            "border:1px solid #999}")
