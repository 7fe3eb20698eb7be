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
    legend: tuple[tuple[str, str], ...]  # (colour, name)
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


def stacked_columns(
    title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> Chart:
    """Columns per category (e.g. month), stacked by series (e.g. 专刊)."""
    width, height = 760, 300
    left, top, right, bottom = 48.0, 16.0, width - 12.0, height - 64.0
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
        Label(left + slot * (i + 0.5), bottom + 16, category)
        for i, category in enumerate(categories)
    )
    grid = tuple(
        (bottom - (bottom - top) * k * step / top_value, _number(k * step))
        for k in range(round(top_value / step) + 1)
    )
    legend = tuple((PALETTE[n % len(PALETTE)], name) for n, (name, _) in enumerate(series))
    return Chart(
        title, width, height, tuple(rects), labels, grid, legend, False, (left, top, right, bottom)
    )


def bars(title: str, items: Sequence[tuple[str, float]], colour: str = PALETTE[0]) -> Chart:
    """Horizontal bars, one per item (e.g. units by points), largest first."""
    row = 26.0
    width = 760
    left, top, right = 200.0, 8.0, width - 60.0
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
