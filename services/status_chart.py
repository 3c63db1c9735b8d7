"""The /tinhhinh chart: one horizontal stacked bar per open round (on time / late / returned / missing).

matplotlib is imported lazily (it is slow to import and builds a font cache on first use) and used
through its object API with the Agg canvas only: no pyplot, no global figure state, so rendering in a
worker thread (``asyncio.to_thread``) is safe. The picture's pixel size depends only on the number of
bars, and the PNG carries no timestamp, so the same numbers always give the same bytes.
"""

from __future__ import annotations

import asyncio
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

MAX_BARS = 20
WIDTH_IN = 10.0
DPI = 100
BAR_IN = 0.55  # height per bar
TOP_IN, BOTTOM_IN = 1.0, 0.75  # room for the title and the legend; for the axis
LABEL_CHARS = 38
# Green, amber, red, grey: readable for the most common colour-vision deficiencies when labelled.
COLOURS = ("#2e7d32", "#f9a825", "#c62828", "#9e9e9e")
NUMBER_COLOURS = ("white", "black", "white", "black")  # counts drawn inside the bars, readable on each


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    on_time: int
    late: int
    returned: int
    missing: int


@dataclass(frozen=True, slots=True)
class ChartTexts:
    title: str
    axis: str
    legend: tuple[str, str, str, str]  # on time, late, returned, missing
    more: str | None = None  # "… and N more rounds" under the chart when rows were cut


def picture_size(bars: int) -> tuple[int, int]:
    """Width and height in pixels for ``bars`` bars (at most MAX_BARS are drawn)."""
    shown = max(1, min(bars, MAX_BARS))
    return int(WIDTH_IN * DPI), round((TOP_IN + BOTTOM_IN + BAR_IN * shown) * DPI)


def _label(text: str) -> str:
    lines = textwrap.wrap(text, LABEL_CHARS, max_lines=2, placeholder="…") or [""]
    # A "$" would start matplotlib's mathtext; names are plain text.
    return "\n".join(lines).replace("$", r"\$")


def render_png(rows: Sequence[ChartRow], texts: ChartTexts) -> bytes:
    """Draw the chart; blocking (CPU), so call it through :func:`render`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = list(rows)[:MAX_BARS]
    width, height = picture_size(len(rows))
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    height_in = height / DPI
    figure.subplots_adjust(left=0.36, right=0.97, top=1 - TOP_IN / height_in, bottom=BOTTOM_IN / height_in)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    series = [
        [r.on_time for r in rows],
        [r.late for r in rows],
        [r.returned for r in rows],
        [r.missing for r in rows],
    ]
    for values, colour, number_colour, name in zip(series, COLOURS, NUMBER_COLOURS, texts.legend, strict=True):
        bars = axes.barh(positions, values, left=left, color=colour, label=name, height=0.6)
        labels = [str(v) if v else "" for v in values]
        axes.bar_label(bars, labels=labels, label_type="center", fontsize=8, color=number_colour)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, labels=[_label(r.label) for r in rows], fontsize=8)
    axes.invert_yaxis()  # the first round on top, as in the text
    axes.set_xlabel(texts.axis, fontsize=9)
    axes.set_xlim(0, max([*left, 1]) * 1.02)
    axes.spines[["top", "right"]].set_visible(False)
    figure.suptitle(texts.title, fontsize=11, fontweight="bold", y=1 - 0.12 / height_in, va="top")
    figure.legend(loc="upper center", bbox_to_anchor=(0.5, 1 - 0.42 / height_in), ncol=4, frameon=False, fontsize=9)
    if texts.more:
        figure.text(0.99, 0.01, texts.more, ha="right", va="bottom", fontsize=8, color="#555555")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


async def render(rows: Sequence[ChartRow], texts: ChartTexts) -> bytes:
    """Render off the event loop: drawing takes tens of milliseconds of CPU."""
    return await asyncio.to_thread(render_png, rows, texts)
