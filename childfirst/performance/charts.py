"""Charts as SVG from Matplotlib, always shown with the data table beside them, so every
chart can be read without it (and printed, and read by a screen reader)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

from matplotlib import rcParams
from matplotlib.figure import Figure as MplFigure

#: GOV.UK colours: blue bars, the chosen quarter in dark blue.
BAR = "#5694ca"
CHOSEN = "#1d70b8"
TEXT = "#0b0c0c"

rcParams["svg.hashsalt"] = "childfirst"  # the same chart gives the same SVG


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str,
    highlight: int = -1,
    withheld: Sequence[bool] = (),
) -> str:
    """A small bar chart as SVG text; ``None`` values (nothing to count) show no bar, nor
    do ``withheld`` ones (small numbers, childfirst.domain.disclosure), labelled so."""
    figure = MplFigure(figsize=(6.4, 2.6), dpi=100)
    axes = figure.add_subplot()
    hidden = list(withheld) or [False] * len(values)
    values = [None if h else v for v, h in zip(values, hidden, strict=True)]
    heights = [v or 0 for v in values]
    colours = [CHOSEN if n == (highlight % len(labels)) else BAR for n in range(len(labels))]
    bars = axes.bar(range(len(labels)), heights, color=colours, width=0.6)
    for bar, value, hide in zip(bars, values, hidden, strict=True):
        shown = "no data" if value is None else (f"{value:.1f}%" if unit == "%" else f"{value:g}")
        if hide:
            shown = "withheld"
        axes.annotate(
            shown,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=9,
            color=TEXT,
            xytext=(0, 2),
            textcoords="offset points",
        )
    axes.set_xticks(range(len(labels)), labels, fontsize=9, color=TEXT)
    if unit == "%":
        axes.set_ylim(0, 110)
        axes.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=8)
    else:
        axes.set_ylim(0, max([*heights, 1]) * 1.2)
        axes.tick_params(axis="y", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def as_data_uri(svg: str) -> str:
    """For an ``<img src>``: the page's content security policy allows ``data:`` images."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
