"""Charts drawn at build time as SVG: nothing to download, nothing to run,
and they print. Geometry is computed here; ``theme/kanwu/chart.html`` draws it.
Every chart is shown beside a table of the same numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# The journal's red first; then colours that stay apart in greyscale print.
PALETTE = ("#c8161d", "#1f5f8b", "#d98c1a", "#4c8c4a", "#7b4f9d", "#6d6d6d")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str  # shown as a tooltip and read by screen readers


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    rects: tuple[Rect, ...]
    labels: tuple[Label, ...]
    gridlines: tuple[tuple[float, str], ...]  # (y or x position, value label)
    legend: tuple[tuple[str, str, float, float], ...]  # (colour, name, x, y of its swatch)
    horizontal: bool = False
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom


def _nice_max(value: float) -> tuple[float, float]:
    """An axis maximum and step: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 5, 10):
        step = factor * magnitude / 4
        if step * 4 >= value:
            return step * 4, step
    return 10 * magnitude, 2.5 * magnitude


def _number(value: float) -> str:
    return f"{value:g}"


# Charts are drawn in a box about as wide as they are shown (a phone's screen,
# or one of two columns on a desktop), so that their 12 to 13 px text stays
# that size rather than shrinking with a wider drawing.
WIDTH = 440
# Width of one character of a label, for laying labels out (CJK: one em).
CHAR = 13.0


def _legend(names: Sequence[str], left: float, right: float) -> list[tuple[str, float, int]]:
    """Each name's x and row, rows filled left to right within the plot's width."""
    placed, x, row = [], left, 0
    for name in names:
        size = 16 + CHAR * len(name) + 14
        if x > left and x + size > right:
            x, row = left, row + 1
        placed.append((name, x, row))
        x += size
    return placed


def stacked_columns(
    title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> Chart:
    """Columns per category (e.g. month), stacked by series (e.g. 专刊)."""
    width = WIDTH
    left, top, right = 40.0, 14.0, width - 8.0
    legend = _legend([name for name, _ in series], left, right)
    rows = max((row for _, _, row in legend), default=-1) + 1
    height = 230 + 20 * rows
    bottom = height - 36.0 - 20 * rows
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top_value, step = _nice_max(max(totals, default=0))
    slot = (right - left) / max(len(categories), 1)
    bar = slot * 0.62
    rects: list[Rect] = []
    for index, category in enumerate(categories):
        base = bottom
        for number, (name, values) in enumerate(series):
            value = values[index]
            if value <= 0:
                continue
            size = (bottom - top) * value / top_value
            base -= size
            rects.append(
                Rect(
                    left + slot * index + (slot - bar) / 2,
                    base,
                    bar,
                    size,
                    PALETTE[number % len(PALETTE)],
                    f"{category} {name}：{_number(value)}",
                )
            )
    labels = tuple(
        Label(left + slot * (i + 0.5), bottom + 17, category)
        for i, category in enumerate(categories)
    )
    grid = tuple(
        (bottom - (bottom - top) * k * step / top_value, _number(k * step))
        for k in range(round(top_value / step) + 1)
    )
    swatches = tuple(
        (PALETTE[n % len(PALETTE)], name, x, bottom + 30 + 20 * row)
        for n, (name, x, row) in enumerate(legend)
    )
    return Chart(
        title,
        width,
        height,
        tuple(rects),
        labels,
        grid,
        swatches,
        False,
        (left, top, right, bottom),
    )


def bars(title: str, items: Sequence[tuple[str, float]], colour: str = PALETTE[0]) -> Chart:
    """Horizontal bars, one per item (e.g. units by points), largest first."""
    row = 26.0
    width = WIDTH
    # Names at the left, as wide as the longest needs (a unit's name: 4 to 10 characters).
    longest = max((len(name) for name, _ in items), default=2)
    left, top, right = min(16 + CHAR * longest, 190.0), 8.0, width - 44.0
    bottom = top + row * max(len(items), 1)
    height = int(bottom + 28)
    top_value, step = _nice_max(max((v for _, v in items), default=0))
    rects = tuple(
        Rect(
            left,
            top + row * i + 4,
            (right - left) * value / top_value,
            row - 8,
            colour,
            f"{name}：{_number(value)}",
        )
        for i, (name, value) in enumerate(items)
    )
    labels = tuple(
        Label(left - 8, top + row * i + row / 2 + 5, name, "end")
        for i, (name, _) in enumerate(items)
    )
    values = tuple(
        Label(
            left + (right - left) * value / top_value + 6,
            top + row * i + row / 2 + 5,
            _number(value),
            "start",
        )
        for i, (_, value) in enumerate(items)
    )
    grid = tuple(
        (left + (right - left) * k * step / top_value, _number(k * step))
        for k in range(round(top_value / step) + 1)
    )
    return Chart(
        title, width, height, rects, labels + values, grid, (), True, (left, top, right, bottom)
    )
