"""Markdown of report bodies and 编者按 to sanitised HTML.

One Python-Markdown instance is reused (``reset()`` between documents):
creating one per report would dominate the build on a ten-year archive.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from generator.content.sanitize import Rewrite, clean

# Report titles are <h2> on the issue page, so headings in a body start at <h3>.
HEADING_OFFSET = 2


class _ShiftHeadings(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                level = min(int(element.tag[1]) + HEADING_OFFSET, 6)
                element.tag = f"h{level}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "kanwu-shift-headings", 5)


class MarkdownRenderer:
    """Renders editors' Markdown to an HTML fragment."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "fenced_code",
                "sane_lists",
                "pymdownx.tilde",
                _ShiftHeadingsExtension(),
            ],
            output_format="html",
        )

    def html(self, text: str, rewrite: Rewrite | None = None) -> str:
        """Sanitised HTML of ``text``; ``rewrite`` maps its relative URLs."""
        self._md.reset()
        return clean(self._md.convert(text), rewrite)
