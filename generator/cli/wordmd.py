"""The HTML that mammoth makes of a Word file, as the Markdown of a report body.

Only what report bodies render (``generator/site/markup.py``: tables,
sane lists; no footnotes extension) and what the HTML allow-list keeps
(``generator/content/sanitize.py``) is written:

- paragraphs and headings as Markdown; text is escaped so that it reads back
  exactly as typed (「1. 」「#1」「3~5天」「*」 stay text, never lists, headings,
  strike-through or emphasis); full-width punctuation and digits are untouched;
- real Word lists as Markdown lists (numbering typed as text is a paragraph);
- tables as pipe tables, or as an HTML table (allowed by the allow-list) when
  cells are merged, which pipe tables cannot show;
- footnotes: the Markdown of report bodies has no footnotes extension, and
  ``[^1]: …`` would be read as a link definition and vanish. So a reference
  is a superscript 「[1]」 (``<sup>``, allowed) and the notes follow the body
  under 「注释：」, each a paragraph starting 「[1]」, as printed documents do;
- images as ``![说明](file)``, the file named by the caller.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from generator.content.htmltree import Node, parse

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Blocks inside a list item or a table cell, whose text is joined by line breaks.
_BLOCKS = frozenset(
    {"p", *_HEADINGS, "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th"}
)
_NOTE_LINK = re.compile(r"#((?:foot|end)note-[0-9-]+)$")


# Characters Python-Markdown (with pymdownx.tilde) reads as markup anywhere in a line.
_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]~"})
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
# At the start of a block: a heading, quote, list item or rule.
_BLOCK_START = re.compile(r"^[#>+-]")
_CLOSING_HASHES = re.compile(r"#+$")
_ORDERED = re.compile(r"^([0-9]+)\.(?=\s|$)")


def escape(text: str, in_table: bool = False) -> str:
    """``text`` as Markdown that renders as exactly this text."""
    text = _TAG.sub("&lt;", _ENTITY.sub("&amp;", text.translate(_ESCAPE)))
    return text.replace("|", "\\|") if in_table else text


def _guard_start(block: str) -> str:
    """Keep a paragraph that starts like Markdown syntax (「1. 加强」「# 1」) text."""
    if _BLOCK_START.match(block):
        return "\\" + block
    return _ORDERED.sub(r"\1\\.", block, count=1)


@dataclass
class Markdown:
    text: str = ""
    paragraphs: int = 0
    tables: int = 0
    footnotes: int = 0


class _Writer:
    def __init__(self) -> None:
        self.result = Markdown()
        self.notes: dict[str, int] = {}  # mammoth's note id → the number shown

    def _inline(self, node: Node | str, in_table: bool = False) -> str:
        if isinstance(node, str):
            return escape(node.replace("\t", " ").replace("\n", " "), in_table)
        if node.tag == "br":
            return "<br>"
        if node.tag == "img":
            return self._image(node)
        if node.tag == "a":
            return self._link(node, in_table)
        inner = "".join(self._inline(child, in_table) for child in node.children)
        if node.tag == "sup" and any(self._is_note(n) for n in _descendants(node)):
            return inner  # mammoth's <sup> around a note reference, already one
        marks = {"strong": "**", "b": "**", "em": "*", "i": "*", "s": "~~", "del": "~~"}
        if node.tag in marks and inner.strip():
            lead, core, trail = _split_spaces(inner)
            return f"{lead}{marks[node.tag]}{core}{marks[node.tag]}{trail}"
        if node.tag in ("sup", "sub", "u") and inner.strip():
            return f"<{node.tag}>{inner}</{node.tag}>"
        return inner

    @staticmethod
    def _is_note(node: Node) -> bool:
        return node.tag == "a" and _NOTE_LINK.search(node.attrs.get("href", "")) is not None

    def _link(self, node: Node, in_table: bool) -> str:
        href = node.attrs.get("href", "")
        if note := _NOTE_LINK.search(href):
            number = self.notes.setdefault(note.group(1), len(self.notes) + 1)
            return f"<sup>[{number}]</sup>"
        text = "".join(self._inline(child, in_table) for child in node.children)
        if re.match(r"(?i)(https?|mailto):", href) and text.strip():
            target = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            return f"[{text}]({target})"
        return text  # a bookmark within the document, or a link to a local file

    def _image(self, node: Node) -> str:
        alt = escape(" ".join(node.attrs.get("alt", "").split()))
        return f"![{alt}]({node.attrs.get('src', '')})"

    def blocks(self, root: Node) -> list[str]:
        out: list[str] = []
        notes: list[Node] = []
        for child in root.children:
            if isinstance(child, str):
                if child.strip():
                    out.append(self._paragraph(Node("p", children=[child])))
                continue
            items = [c for c in child.children if isinstance(c, Node) and c.tag == "li"]
            if (
                child.tag == "ol"
                and items
                and all(_NOTE_ID.match(i.attrs.get("id", "")) for i in items)
            ):
                notes.extend(items)
            elif child.tag in ("ul", "ol"):
                out.append(self._list(child, 0))
            elif child.tag == "table":
                out.append(self._table(child))
            else:
                out.append(self._paragraph(child))
        out = [block for block in out if block]
        out.extend(self._notes(notes))
        return out

    def _paragraph(self, node: Node) -> str:
        text = "".join(self._inline(child) for child in node.children).strip()
        if not text:
            return ""
        level = _HEADINGS.get(node.tag)
        images_only = not re.sub(r"!\[[^\]]*\]\([^)]*\)|<br>|\s", "", text)
        if not images_only:
            self.result.paragraphs += 1
        if level:  # closing #s would be read as the heading's end: keep them text
            return "#" * level + " " + _CLOSING_HASHES.sub(lambda m: "\\#" * len(m[0]), text)
        return _guard_start(text)

    def _list(self, node: Node, depth: int) -> str:
        lines: list[str] = []
        indent = "    " * depth
        number = 0
        for item in node.children:
            if not isinstance(item, Node) or item.tag != "li":
                continue
            number += 1
            marker = f"{number}." if node.tag == "ol" else "-"
            nested = [c for c in item.children if isinstance(c, Node) and c.tag in ("ul", "ol")]
            text = self._flow([c for c in item.children if c not in nested]).strip()
            if text:
                self.result.paragraphs += 1
            lines.append(f"{indent}{marker} {_guard_start(text)}".rstrip())
            lines += [self._list(sub, depth + 1) for sub in nested]
        return "\n".join(lines)

    def _flow(self, children: list[Node | str], in_table: bool = False) -> str:
        """Inline content of a list item or cell, its paragraphs joined by line breaks."""
        parts: list[str] = []
        inline: list[str] = []
        for child in children:
            if isinstance(child, Node) and child.tag in _BLOCKS:
                parts.append("".join(inline))
                inline = []
                parts.append(self._flow(child.children, in_table))
            else:
                inline.append(self._inline(child, in_table))
        parts.append("".join(inline))
        return "<br>".join(part.strip() for part in parts if part.strip())

    def _table(self, node: Node) -> str:
        rows = [
            [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
            for row in _rows(node)
        ]
        rows = [row for row in rows if row]
        if not rows:
            return ""
        self.result.tables += 1
        merged = any(
            cell.attrs.get(span, "1") != "1"
            for row in rows
            for cell in row
            for span in ("colspan", "rowspan")
        )
        if merged or len({len(row) for row in rows}) > 1:
            return self._html_table(rows)
        cells = [[self._flow(cell.children, in_table=True) for cell in row] for row in rows]
        lines = [f"| {' | '.join(cells[0])} |", f"|{' --- |' * len(cells[0])}"]
        lines += [f"| {' | '.join(row)} |" for row in cells[1:]]
        return "\n".join(lines)

    def _html_table(self, rows: list[list[Node]]) -> str:
        """A table with merged cells: HTML (kept by the allow-list), inline Markdown
        turned back into tags, since Markdown is not read inside an HTML block."""
        lines = ["<table>"]
        for row in rows:
            cells = []
            for cell in row:
                spans = "".join(
                    f' {span}="{int(cell.attrs[span])}"'
                    for span in ("colspan", "rowspan")
                    if cell.attrs.get(span, "1").isdigit() and cell.attrs.get(span, "1") != "1"
                )
                cells.append(f"<td{spans}>{_html(self, cell)}</td>")
            lines.append(f"<tr>{''.join(cells)}</tr>")
        lines.append("</table>")
        return "\n".join(lines)

    def _notes(self, items: list[Node]) -> list[str]:
        shown = {}
        for item in items:
            number = self.notes.get(item.attrs.get("id", ""))
            if number is None:
                continue
            # Drop mammoth's link back to the reference (「↑」).
            kept = [c for c in item.children if not (isinstance(c, Node) and c.tag == "a")]
            for paragraph in (c for c in kept if isinstance(c, Node)):
                paragraph.children = [
                    c
                    for c in paragraph.children
                    if not (
                        isinstance(c, Node)
                        and c.tag == "a"
                        and c.attrs.get("href", "").startswith("#")
                    )
                ]
            shown[number] = self._flow(kept).strip()
        self.result.footnotes = len(shown)
        if not shown:
            return []
        return ["注释：", *(f"\\[{n}\\] {shown[n]}" for n in sorted(shown))]


_NOTE_ID = re.compile(r"(?:foot|end)note-[0-9-]+$")


def _descendants(node: Node) -> list[Node]:
    found: list[Node] = []
    for child in node.children:
        if isinstance(child, Node):
            found += [child, *_descendants(child)]
    return found


def _rows(table: Node) -> list[Node]:
    """The rows of ``table`` (in thead/tbody or not), not those of nested tables."""
    rows: list[Node] = []
    for child in table.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows += _rows(child)
    return rows


def _split_spaces(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core[0]) if core else 0
    return text[:start], core, text[start + len(core) :]


def _html(writer: _Writer, cell: Node) -> str:
    """A cell's content as allowed HTML (text escaped, images and breaks kept)."""
    parts: list[str] = []

    def walk(node: Node | str) -> None:
        if isinstance(node, str):
            parts.append(html.escape(node, quote=False))
        elif node.tag == "img":
            alt = html.escape(node.attrs.get("alt", ""))
            parts.append(f'<img src="{html.escape(node.attrs.get("src", ""))}" alt="{alt}">')
        elif node.tag == "a" and _NOTE_LINK.search(node.attrs.get("href", "")):
            parts.append(writer._link(node, False))
        elif node.tag == "br":
            parts.append("<br>")
        else:
            if node.tag in ("p", "li") and parts and parts[-1] != "<br>":
                parts.append("<br>")
            note = node.tag == "sup" and any(writer._is_note(n) for n in _descendants(node))
            keep = node.tag in ("strong", "em", "sup", "sub", "u", "s") and not note
            parts.append(f"<{node.tag}>" if keep else "")
            for child in node.children:
                walk(child)
            parts.append(f"</{node.tag}>" if keep else "")

    for child in cell.children:
        walk(child)
    return "".join(parts).removeprefix("<br>")


def to_markdown(text: str) -> Markdown:
    """The Markdown of mammoth's HTML ``text``, with what it holds counted."""
    writer = _Writer()
    blocks = writer.blocks(parse(text))
    writer.result.text = "\n\n".join(blocks)
    return writer.result
