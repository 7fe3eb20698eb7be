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


def all_pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every page of a built site, parsed, by its URL below the site."""
    pages = {}
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix()
        url = "" if url == "." else f"{url}/"
        pages[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return pages


def broken_links(site: Path) -> list[str]:
    """Every link of the content areas of a built site to a page, anchor or
    feed that the site does not have, as 「page → href」."""
    pages = all_pages(site)
    ids = {url: {tag["id"] for tag in soup.find_all(id=True)} for url, soup in pages.items()}
    broken = []
    for url, soup in pages.items():
        for a in content_of(soup).find_all("a", href=True):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            if href.endswith(".xml"):
                if not (site / resolve(url, href).rstrip("/")).is_file():
                    broken.append(f"{url} → {href}")
                continue
            target = resolve(url, href)
            path, _, anchor = target.partition("#")
            if path not in pages:
                broken.append(f"{url} → {href}")
            elif anchor and anchor not in ids[path]:
                broken.append(f"{url} → {href} (no anchor)")
    return broken
