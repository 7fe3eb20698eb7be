"""The links and images a Markdown body renders, found in its source by line.

What the audit checks and what the site publishes must be what the page
shows: a link inside an HTML comment, a code block or a code span is text,
not a link, so a file it names must not be published. Such regions are
blanked here (lines kept, so line numbers stay right), following
Python-Markdown's rules as the renderer applies them: fenced code first,
then indented code blocks, code spans, comments; then inline links and
images, reference-style links and raw ``<a href>``/``<img src>``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter


@dataclass(frozen=True)
class Reference:
    line: int  # 1-based line within the body, where the URL is written
    tag: str  # "a" for a link, "img" for an image
    url: str


# Python-Markdown's fenced_code: a fence at the start of a line, an optional
# language or {attributes}, closed by the same fence.
_FENCED = re.compile(
    r"^(?P<fence>~{3,}|`{3,})[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*)?\n.*?(?<=\n)(?P=fence)[ ]*$",
    re.MULTILINE | re.DOTALL,
)
# A code span ends with as many backticks as it starts with, within a paragraph.
_CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_BLANK_BETWEEN = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|[0-9]+\.)[ \t]+")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
# [text] with one level of nested brackets (an image inside a link).
_TEXT = r"\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
# (url), (<url>), (url "title"); balanced parentheses inside the url.
_DESTINATION = re.compile(
    r"\(\s*(?:<([^>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
_OPENING = re.compile(r"(!?)" + _TEXT)
_REFERENCE_ID = re.compile(r"\s?\[([^\]]*)\]")
# Python-Markdown's reference definition, as its ReferenceProcessor reads it.
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*\n?[ ]*([^\s]+)[ ]*(?:\n[ ]*)?"
    r"(([\"'])(.*)\4[ ]*|\((.*)\)[ ]*)?$",
    re.MULTILINE,
)


def blank(text: str) -> str:
    """``text`` with every character but newlines replaced by a space."""
    return re.sub(r"[^\n]", " ", text)


def visible(markdown: str) -> str:
    """``markdown`` with what renders as text (code, comments) blanked."""
    markdown = _FENCED.sub(lambda m: blank(m.group()), markdown)
    markdown = _blank_indented_code(markdown)
    markdown = _CODE_SPAN.sub(lambda m: blank(m.group()), markdown)
    return _blank_comments(markdown)


def _blank_comments(markdown: str) -> str:
    """Blank each ``<!-- … -->``; an unclosed one is text. (Found with
    ``str.find``: a regex would rescan the rest for every unclosed one.)"""
    pieces, done = [], 0
    while (start := markdown.find("<!--", done)) >= 0:
        end = markdown.find("-->", start + 4)
        if end < 0:
            break
        pieces += [markdown[done:start], blank(markdown[start : end + 3])]
        done = end + 3
    return "".join([*pieces, markdown[done:]])


def _blank_indented_code(markdown: str) -> str:
    """Blank indented code blocks: lines indented four spaces (eight in a
    list) that follow a blank line, a heading or another block."""
    lines = markdown.split("\n")
    after_block, in_code, in_list = True, False, False
    for index, line in enumerate(lines):
        expanded = line.expandtabs(4)
        if not expanded.strip():
            after_block = True
            continue
        indent = len(expanded) - len(expanded.lstrip(" "))
        needed = 8 if in_list else 4
        if indent >= needed and (after_block or in_code):
            lines[index] = " " * len(line)
            in_code, after_block = True, False
            continue
        if indent < 4 and after_block and not _LIST_ITEM.match(expanded):
            in_list = False
        in_list = in_list or bool(_LIST_ITEM.match(expanded))
        in_code = False
        after_block = bool(_HEADING.match(expanded.lstrip(" ")))
    return "\n".join(lines)


class _Lines:
    """Line numbers of offsets in a text, without rescanning it per lookup."""

    def __init__(self, text: str) -> None:
        self._starts = [m.end() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) + 1


def _normal_id(text: str) -> str:
    return re.sub(r"[ ]?\n", " ", text).lower()


# Python-Markdown tries its link patterns one after another over the whole
# paragraph, in this order (its priorities), each left to right; the text of
# a link found earlier is then searched by the later patterns only.
_PATTERNS = (
    ("a", "reference"),
    ("a", "inline"),
    ("img", "inline"),
    ("img", "reference"),
    ("a", "short"),
    ("img", "short"),
)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: tuple[int, int]  # where the link text is (searched again, later)
    pattern: int
    reference: Reference

    def allows(self, other: _Match) -> bool:
        """Whether ``other`` (a later pattern's match) can coexist with this
        one: apart from it, within its text, or holding it in its own text."""
        if other.end <= self.start or other.start >= self.end:
            return True
        if self.text[0] <= other.start and other.end <= self.text[1]:
            return self.pattern < other.pattern
        return other.text[0] <= self.start and self.end <= other.text[1]


def markdown_references(text: str) -> tuple[list[Reference], str]:
    """The links and images written in Markdown syntax in ``text`` (already
    :func:`visible`), and ``text`` with their destinations blanked for an
    HTML scan."""
    lines = _Lines(text)
    definitions: dict[str, tuple[int, str]] = {}
    for definition in _DEFINITION.finditer(text):
        url = definition.group(2).removeprefix("<").removesuffix(">")
        where = lines.of(definition.start(2))
        definitions[_normal_id(definition.group(1))] = (where, url)  # the last one counts
    text = _DEFINITION.sub(lambda m: blank(m.group()), text)
    starts = list(_starts(text))
    matches: list[_Match] = []  # sorted by start
    longest = 0  # only matches this close can overlap a new one
    by_start = attrgetter("start")
    for pattern, (tag, form) in enumerate(_PATTERNS):
        for index, image in starts:
            if image != (tag == "img"):
                continue
            found = _match_at(text, index, form, definitions, lines)
            if found is None:
                continue
            end, text_span, reference = found
            candidate = _Match(
                index, end, text_span, pattern, Reference(reference.line, tag, reference.url)
            )
            below = bisect.bisect_left(matches, end, key=by_start)
            if _fits(candidate, matches, below, index - longest):
                matches.insert(bisect.bisect_left(matches, index, key=by_start), candidate)
                longest = max(longest, end - index)
    return [m.reference for m in matches], _blank_spans(text, [(m.text[1], m.end) for m in matches])


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, done = [], 0
    for begin, end in sorted(spans):
        begin = max(begin, done)
        if end > begin:
            pieces += [text[done:begin], blank(text[begin:end])]
            done = end
    return "".join([*pieces, text[done:]])


def _fits(match: _Match, matches: list[_Match], place: int, reach: int) -> bool:
    """Whether ``match`` coexists with the earlier ``matches`` that start
    before ``place`` and after ``reach`` (none further can overlap it)."""
    for earlier in reversed(range(place)):
        if matches[earlier].start <= reach:
            return True
        if not matches[earlier].allows(match):
            return False
    return True


def _starts(text: str) -> Iterator[tuple[int, bool]]:
    """Where a link ("[") or an image ("![") may start, and whether it is an
    image: not at an escaped bracket, and "\\![" is a link after a literal "!"."""
    for match in re.finditer(r"\[", text):
        index = match.start()
        if _escaped(text, index):
            continue
        if index and text[index - 1] == "!" and not _escaped(text, index - 1):
            yield index - 1, True
        else:
            yield index, False


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd run of backslashes."""
    run = 0
    while run < index and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _match_at(
    text: str, index: int, form: str, definitions: dict[str, tuple[int, str]], lines: _Lines
) -> tuple[int, tuple[int, int], Reference] | None:
    """The link of ``form`` starting at ``index``, if there is one: where it
    ends, where its text is, and what it refers to (tag filled in later)."""
    opening = _OPENING.match(text, index)
    if opening is None:
        return None
    text_span = opening.span(2)
    if form == "inline":
        found = _DESTINATION.match(text, opening.end())
        if found is None or _BLANK_BETWEEN.search(text, index, found.end()):
            return None
        group = 1 if found.group(1) is not None else 2
        url = found.group(group).strip()
        return found.end(), text_span, Reference(lines.of(found.start(group)), "", url)
    end, key = opening.end(), opening.group(2)
    if form == "reference":  # [text][id], or [text][] where the text is the id
        label = _REFERENCE_ID.match(text, opening.end())
        if label is None:
            return None
        end, key = label.end(), label.group(1) or key
    defined = definitions.get(_normal_id(key))
    if defined is None or _BLANK_BETWEEN.search(text, index, end):
        return None
    return end, text_span, Reference(defined[0], "", defined[1])
