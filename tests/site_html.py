"""Reading a built site as a reader's browser would: parsed HTML, not substrings."""

from __future__ import annotations

import posixpath
from pathlib import Path

from bs4 import BeautifulSoup, Tag


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content_of(soup: BeautifulSoup) -> Tag:
    """The content area (what kanwu generates), without Material's chrome."""
    area = soup.select_one("article.md-content__inner")
    assert area is not None
    return area


def report_section(soup: Tag, anchor: str) -> Tag:
    """The section of the report whose stable anchor (on its title) is ``anchor``."""
    title = soup.find(id=anchor)
    assert title is not None, anchor
    section = title.find_parent("section")
    assert section is not None
    return section


def resolve(from_url: str, href: str) -> str:
    """The site-relative target of a relative link on the page at ``from_url``."""
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(from_url, path)) if path else from_url.rstrip("/")
    target = "" if target == "." else target.strip("/") + "/"
    return f"{target}#{anchor}" if anchor else target


def text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text().split())


FETCHING_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "modulepreload"}


def remote_references(soup: BeautifulSoup) -> list[str]:
    """Every stylesheet, script, image, frame or media source on another host."""
    found = []
    for tag, attr in (
        ("link", "href"),
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("object", "data"),
        ("embed", "src"),
    ):
        for element in soup.find_all(tag):
            value = element.get(attr)
            if not (isinstance(value, str) and value.startswith(("http:", "https:", "//"))):
                continue
            # Only links that make the browser fetch something count.
            rel = set(element.get("rel") or []) if tag == "link" else set()
            if tag == "link" and not rel & FETCHING_RELS:
                continue
            found.append(f"<{tag} {attr}={value}>")
    return found
