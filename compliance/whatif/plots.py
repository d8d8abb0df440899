"""The plot of a sweep (`compliance whatif --sweep … --plot FILE.png`): for each verdict that
flips, its outcome along the range; the number of violations; the units of the comune named.

Labelled for the reader, in the report's language: the title is the swept field's label and the
comune, the axis shows the field's unit (% for a share, dates, decimal comma), each line is the
rule's title and its subject, the legend sits outside the data.
"""

from __future__ import annotations

import io
from pathlib import Path

from compliance.i18n import fmt_date, fmt_number
from compliance.output import write_atomic
from compliance.report.safe import one_line
from compliance.whatif.sweep import SweepResult
from compliance.whatif.texts import tw
from compliance.whatif.units_view import sweep_units_row
from compliance.whatif.words import describe_path, field_kind, leaf_name

LEVEL = {"conforme": 0, "non_valutabile": 1, "non_conforme": 2}
MAX_LINES = 8


def _axis_formatter(kind: str | None, lang: str):
    from matplotlib.ticker import FuncFormatter

    if kind == "date":
        import datetime

        return FuncFormatter(lambda x, _pos: fmt_date(datetime.date.fromordinal(max(int(x), 1)), lang))
    suffix = "%" if kind == "percent" else ""
    return FuncFormatter(lambda x, _pos: fmt_number(x, lang, 2) + suffix)


def _wrapped(text: str, width: int = 48, lines: int = 3) -> str:
    """A legend entry over a few short lines (the legend sits beside the plot)."""
    import textwrap

    parts = textwrap.wrap(one_line(text), width)
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1] + "…"
    return "\n".join(parts)


def plot(result: SweepResult, target: Path, lang: str = "it", titles: dict[str, str] | None = None) -> None:
    """Write the PNG (atomically: a reader never sees half an image)."""
    import matplotlib.pyplot as plt

    fig = figure(result, lang, titles)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    write_atomic(Path(target), buffer.getvalue())


def figure(result: SweepResult, lang: str = "it", titles: dict[str, str] | None = None):
    """The matplotlib figure of a sweep (the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from compliance.units import COLUMNS

    titles = titles or {}
    valid = [p for p in result.points if p.error is None]
    kind = field_kind(leaf_name(result.spec.path) or "")
    is_date = result.spec.kind == "date"
    xs = [p.value.toordinal() if is_date else float(p.value) for p in valid]
    with_units = any(p.units for p in valid)
    rows = 3 if with_units else 2
    fig, axes = plt.subplots(rows, 1, figsize=(11, 7.5 if with_units else 6), sharex=True,
                             gridspec_kw={"height_ratios": [3, 1, 1.6][:rows]})
    ax, ax2 = axes[0], axes[1]
    for i, key in enumerate(result.varying[:MAX_LINES]):
        ys = [LEVEL[result.outcome(p, key)] + 0.04 * i for p in valid]
        rule = titles.get(key[0], key[0])
        ax.step(xs, ys, where="post", label=_wrapped(f"{key[1]}: {rule}"), linewidth=2)
    seen: set = set()
    for f in result.flips[:MAX_LINES]:
        x = f.first_after.toordinal() if is_date else float(f.first_after)
        if x in seen:
            continue
        seen.add(x)
        ax.axvline(x, color="grey", linestyle=":", linewidth=1)
        label = fmt_date(f.first_after, lang) if is_date else fmt_number(f.first_after, lang, 4) + (
            "%" if kind == "percent" else "")
        ax.annotate(label, (x, 2.28 + 0.16 * (len(seen) % 2)), fontsize=8, ha="center")
    ax.set_yticks([0, 1, 2], [tw("conforme", lang), tw("non_valutabile", lang), tw("non_conforme", lang)])
    ax.set_ylim(-0.4, 2.6)
    ax.set_title(tw("plot_title", lang, field=describe_path(result.spec.path, lang)), fontsize=10)
    if result.varying:
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0,
                  title=tw("plot_legend", lang), title_fontsize=8)
    ax.grid(alpha=0.3)
    ax2.step(xs, [p.violations for p in valid], where="post", color="firebrick")
    ax2.set_ylabel(tw("violations", lang), fontsize=8)
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.grid(alpha=0.3)
    if with_units:
        ax3 = axes[2]
        for column in COLUMNS:
            ys = [sweep_units_row(p.units).get(column) for p in valid]
            if any(y is not None for y in ys):
                ax3.step(xs, [float("nan") if y is None else y for y in ys], where="post",
                         label=tw(f"units_col_{column}", lang))
        ax3.set_ylabel(tw("units_axis", lang), fontsize=8)
        ax3.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax3.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
        ax3.grid(alpha=0.3)
    axes[-1].xaxis.set_major_formatter(_axis_formatter("date" if is_date else kind, lang))
    axes[-1].set_xlabel(describe_path(result.spec.path, lang))
    fig.tight_layout()
    return fig
