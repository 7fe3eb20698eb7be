"""The audit sees what renders: the relative links and images it finds in a
body's Markdown are exactly those of the rendered, sanitised page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.sanitize import audit
from generator.site.markup import MarkdownRenderer

RENDERER = MarkdownRenderer()
IDS = ("1", "2", "note")

urls = st.from_regex(
    r"(\.\./)?[a-z0-9]{1,4}(/[a-z0-9]{1,4})?\.(png|pdf|html|svg|md)", fullmatch=True
)
texts = st.sampled_from(["x", "图", "附件 一", "a_b"])
ids = st.sampled_from(IDS)


@st.composite
def pieces(draw: st.DrawFn) -> str:
    """One inline piece of a paragraph: text, a link in some form, or a link
    that does not render (code span, comment)."""
    url, text, ref = draw(urls), draw(texts), draw(ids)
    return draw(
        st.sampled_from(
            [
                text,
                f"[{text}]({url})",
                f"![{text}]({url})",
                f'[{text}]({url} "说明")',
                f"[{text}](<{url}>)",
                f"[![{text}]({url})]({url}.pdf)",
                f"`[{text}]({url})`",
                f"`` `[{text}]({url})` ``",
                f"<!-- [{text}]({url}) -->",
                f'<a href="{url}">{text}</a>',
                f'<img src="{url}" alt="{text}">',
                f"[{text}][{ref}]",
                f"![{text}][{ref}]",
                f"[{ref}][]",
                f"\\[{text}]({url})",
            ]
        )
    )


@st.composite
def blocks(draw: st.DrawFn) -> str:
    line = draw(st.lists(pieces(), min_size=1, max_size=4).map(" ".join))
    lines = draw(st.lists(pieces(), min_size=1, max_size=3).map("\n".join))
    kind = draw(st.sampled_from(["paragraph", "lines", "fenced", "indented", "comment", "refs"]))
    if kind == "paragraph":
        return line
    if kind == "lines":
        return lines
    if kind == "fenced":
        return f"```\n{lines}\n```"
    if kind == "indented":
        return "\n".join("    " + part for part in lines.split("\n"))
    if kind == "comment":
        return f"<!--\n{lines}\n\n{line}\n-->"
    definitions = draw(st.lists(st.tuples(ids, urls), min_size=1, max_size=3))
    return "\n".join(f"[{ref}]: {url}" for ref, url in definitions)


def _rendered(body: str) -> set[str]:
    soup = BeautifulSoup(RENDERER.html(body), "html.parser")
    found = {tag.get("href") for tag in soup.find_all("a")}
    found |= {tag.get("src") for tag in soup.find_all("img")}
    return {str(url) for url in found if url}


@settings(max_examples=400, deadline=None)
@given(st.lists(blocks(), min_size=1, max_size=6).map("\n\n".join))
def test_audit_finds_the_links_the_page_renders(body: str) -> None:
    assert {r.url for r in audit(body).references} == _rendered(body)


@settings(max_examples=200, deadline=None)
@given(st.lists(blocks(), min_size=1, max_size=6).map("\n\n".join), urls)
def test_audit_names_the_line_of_a_link_after_anything(body: str, url: str) -> None:
    text = f"{body}\n\n末段 [附件]({url}) 。\n"
    found = [r.line for r in audit(text).references if r.url == url]
    assert text.split("\n").index(f"末段 [附件]({url}) 。") + 1 in found


# Bodies where what renders is easy to get wrong, checked against the renderer.
CASES = {
    "unclosed comment": "a <!-- [x](a.png)\n\n[y](b.png)\n",
    "unclosed comment, raw link": 'a <!-- b <a href="c.pdf">c</a>',
    "empty comment marker": "<!--> [x](a.png)",
    "comment across lines of a paragraph": "a <!-- [x](a.png)\nmore [z](c.png) --> b [y](b.png)",
    "comment block across a blank line": "<!-- [x](a.png)\n\n[z](c.png) -->\n\n[y](b.png)",
    "indented line continuing a paragraph": "para\n    [x](a.png)\n",
    "indented after a heading": "# h\n    [x](a.png)\n",
    "indented after a fence": "```\ncode\n```\n    [x](a.png)\n",
    "tab indented": "para\n\n\t[x](a.png)\n",
    "indented in a list": "- item\n\n    [x](a.png)\n",
    "code in a list": "- item\n\n        [x](a.png)\n",
    "list then code": "- item\n\npara\n\n    [x](a.png)\n",
    "fence indented two": "  ```\n[x](a.png)\n  ```\n",
    "code span across lines": "a `x\n[x](a.png)` b",
    "double backticks": "a ``x ` [x](a.png)`` b",
    "unclosed backtick": "a `b [x](a.png)",
    "definition first": "[1]: a.pdf\n[x][1]\n",
    "definition in a paragraph": "text\n[1]: a.pdf\n\n[x][1]",
    "last definition wins": "[1]: a.png\n[1]: b.png\n\n[x][1]",
    "reference across a line": "![x][1]\n[2][]\n\n[1]: a.png\n[2]: b.png",
    "image in a link": "[![a](i.png)](l.pdf)",
    "nested brackets": "[a [b] c](a.png)",
    "angle brackets": "[a](<a.png>)",
    "parentheses in url": "[a](a(1).png)",
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_audit_agrees_with_the_renderer(body: str) -> None:
    assert {r.url for r in audit(body).references} == _rendered(body)
