"""Reading exported PDFs back as a checker with a ruler would: where each
character stands on the page, in millimetres from the top-left corner."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

MM = 72 / 25.4  # points per millimetre
# Noto CJK's ideographic em box: 0.88 em above the baseline, 0.12 below. The
# em box's top is where a ruler puts a line of Chinese text.
EM_ABOVE_BASELINE = 0.88
# 3号 is 16 pt; GB/T 9704's type area and grid.
BODY_SIZE = 16.0
LEFT, RIGHT, TOP = 28.0, 28.0 + 156.0, 37.0
PITCH = 225.0 / 22
# Marks that may not begin a line (assets/kanwu-print.js hangs them).
HANGING = frozenset("，。、；：？！”’）》」』】〕〉…—·")


@dataclass(frozen=True)
class Char:
    text: str
    size: float
    x0: float  # mm from the left edge
    x1: float
    top: float  # mm from the top edge to the em box's top
    font: str


@dataclass(frozen=True)
class Line:
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    def inside(self) -> tuple[Char, ...]:
        """The characters within the type area: all but a mark that may not
        begin a line ending it past the right edge (it hangs, as in Word; its
        glyph is drawn in the left half of its cell)."""
        last = self.chars[-1]
        if last.text in HANGING and last.x1 > RIGHT + 0.5:
            return self.chars[:-1]
        return self.chars


@dataclass(frozen=True)
class Rule:
    top: float
    bottom: float
    x0: float
    x1: float
    color: tuple[float, ...]

    @property
    def thickness(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    rules: tuple[Rule, ...]

    def body_lines(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if round(line.size) == BODY_SIZE)


def read(pdf: bytes | Path) -> list[Page]:
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    pages = []
    with pdfplumber.open(source) as document:
        for number, page in enumerate(document.pages, 1):
            chars = [
                Char(
                    c["text"],
                    round(c["size"], 1),
                    c["x0"] / MM,
                    c["x1"] / MM,
                    (page.height - c["matrix"][5]) / MM - EM_ABOVE_BASELINE * c["size"] / MM,
                    c["fontname"],
                )
                for c in page.chars
            ]
            rows: dict[float, list[Char]] = {}
            for char in sorted(chars, key=lambda c: (c.top, c.x0)):
                key = next((k for k in rows if abs(k - char.top) < 1.5), char.top)
                rows.setdefault(key, []).append(char)
            lines = tuple(
                Line(tuple(sorted(row, key=lambda c: c.x0))) for _, row in sorted(rows.items())
            )
            rules = tuple(
                Rule(
                    r["top"] / MM,
                    r["bottom"] / MM,
                    r["x0"] / MM,
                    r["x1"] / MM,
                    tuple(r.get("non_stroking_color") or ()),
                )
                for r in (*page.rects, *page.lines)
                if r["bottom"] - r["top"] < 2 * MM  # rules, not the page's white box
            )
            pages.append(Page(number, lines, rules))
    return pages


def full_width(char: Char) -> bool:
    return unicodedata.east_asian_width(char.text) in ("W", "F")


def text(pdf: bytes | Path) -> str:
    """All the text, as a reader copying it from the PDF gets it."""
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        return "".join(page.extract_text() or "" for page in document.pages)
