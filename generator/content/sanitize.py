"""Report HTML that cannot run anything: an allow-list cleaner, and an audit
that tells the editor, by line, what the cleaner will remove.

Reports come from 112 network units. Whatever their Markdown holds, the page
gets only formatting, tables, local images and links (nh3, the Ammonia
sanitizer). The audit reads the Markdown source so the warning can name the
line; the cleaner runs on the rendered HTML, so it does not depend on the
audit catching everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from operator import attrgetter
from urllib.parse import urlsplit

import nh3

from generator.content.body_links import Reference, markdown_references, visible

ALLOWED_TAGS = frozenset(
    {
        *("p", "br", "hr", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
        *("strong", "b", "em", "i", "u", "s", "del", "ins", "sub", "sup", "mark", "small"),
        *("ul", "ol", "li", "dl", "dt", "dd", "span", "div", "abbr", "figure", "figcaption"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"),
        *("a", "img"),
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start"},
    "abbr": {"title"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Tags removed with everything inside them (not just the tag).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "form"}
)

# A rewrite receives (tag, url) for a relative URL and returns the URL to use,
# or None to drop it.
Rewrite = Callable[[str, str], str | None]


def _scheme(url: str) -> str:
    return urlsplit(url.strip()).scheme.lower()


def _is_remote(url: str) -> bool:
    stripped = url.strip()
    return bool(_scheme(stripped)) or stripped.startswith("//")


def clean(html: str, rewrite: Rewrite | None = None) -> str:
    """Sanitised HTML: allowed tags and attributes only, safe URLs only."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute not in ("href", "src"):
            return value
        scheme = _scheme(value)
        if tag == "img":
            # An image from another host is a request off the intranet.
            if scheme == "data":
                return value if value.strip().lower().startswith("data:image/") else None
            if _is_remote(value):
                return None
        elif scheme and scheme not in LINK_SCHEMES:
            return None
        if not _is_remote(value) and not value.startswith("#") and rewrite is not None:
            return rewrite(tag, value)
        return value

    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=keep,
        url_schemes=set(LINK_SCHEMES) | {"data"},
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based line within the audited text
    message: str


@dataclass(frozen=True)
class Audit:
    findings: tuple[Finding, ...]
    references: tuple[Reference, ...]  # relative links and images, by line


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.references: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if ":" in tag or "@" in tag:
            return  # a Markdown autolink such as <https://…> or <name@host>
        if tag not in ALLOWED_TAGS:
            self.findings.append(Finding(line, f"已删除不允许的 <{tag}> 标签"))
            return
        allowed = ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.findings.append(Finding(line, f"已删除 <{tag}> 的 {name} 属性"))
            elif name in ("href", "src") and value:
                check_url(tag, value, line, self.findings, self.references)

    handle_startendtag = handle_starttag


def check_url(
    tag: str,
    url: str,
    line: int,
    findings: list[Finding],
    references: list[Reference],
) -> None:
    scheme = _scheme(url)
    if tag == "img" and _is_remote(url) and not url.strip().lower().startswith("data:image/"):
        findings.append(
            Finding(line, f"已删除其他网站的图片 {url[:60]}（内网页面不得请求外部地址）")
        )
    elif tag != "img" and scheme and scheme not in LINK_SCHEMES:
        findings.append(Finding(line, f"已删除不安全的链接 {url[:60]}"))
    elif not _is_remote(url) and not url.startswith("#"):
        references.append(Reference(line, tag, url.strip()))


def audit(markdown: str) -> Audit:
    """What :func:`clean` will remove from this Markdown, by line, and the
    relative links and images it renders (not those in code or comments)."""
    written, rest = markdown_references(visible(markdown))
    findings: list[Finding] = []
    references: list[Reference] = []
    for reference in written:
        check_url(reference.tag, reference.url, reference.line, findings, references)
    # Raw HTML is looked for only where Markdown left text, so that
    # destinations such as <x.png> are not read as tags. Closed comments are
    # blanked already; an unclosed "<!--" is shown as text, not a comment.
    auditor = _Auditor()
    auditor.feed(rest.replace("<!--", "    "))
    auditor.close()
    findings += auditor.findings
    references += auditor.references
    by_line = attrgetter("line")
    return Audit(tuple(sorted(findings, key=by_line)), tuple(sorted(references, key=by_line)))
