"""Strings from YAML reach the engine's chrome (Material's <title>, header,
tabs, link titles, aria-labels) as text, never as markup."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import jinja2
import pytest
from bs4 import BeautifulSoup

from generator.build.chrome import as_text, harden
from tests.helpers import built_site
from tests.payloads import FRAGMENTS, SCRIPT_MARKERS, write_hostile_publication
from tests.site_html import page

ALL = "".join(FRAGMENTS)
XML_ELEMENTS = {
    *("feed", "title", "subtitle", "link", "id", "updated", "published", "author", "name"),
    *("entry", "summary", "content", "category", "generator", "rights", "uri"),
    *("urlset", "url", "loc", "lastmod", "changefreq", "priority"),
}


@pytest.mark.parametrize(
    "template",
    [
        "{{ t }}",
        "{{ t | e }}",
        "{{ t | striptags }}",
        "{{ t | striptags | e }}",
        '<a title="{{ t }}" aria-label="{{ t | striptags }}">{{ t }}</a>',
        "<title>{{ t | striptags }} - {{ t }}</title>",
    ],
)
@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_titles_print_as_the_same_text_through_every_filter(template: str, fragment: str) -> None:
    # Material's environment does not autoescape; each way it prints a title
    # must give markup that reads back as exactly the text.
    env = jinja2.Environment(autoescape=False)
    harden(env)
    html = env.from_string(template).render(t=as_text(fragment))
    soup = BeautifulSoup(html, "html.parser")
    texts = [soup.get_text()] + [v for tag in soup.find_all(True) for v in tag.attrs.values()]
    assert all(fragment in text for text in texts if text.strip(" -")), html
    assert not soup.find_all(["script", "img", "svg", "style"]) or soup.find("title") is None


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[Path]]:
    root = tmp_path_factory.mktemp("chrome")
    values = write_hostile_publication(root / "content", ALL)
    sites = [
        built_site(root / "content", root / "intranet"),
        built_site(root / "content", root / "public", "--audience", "public"),
    ]
    return values, sites


def test_no_yaml_string_becomes_an_element_or_handler_in_any_file(
    editions: tuple[dict[str, str], list[Path]],
) -> None:
    _, sites = editions
    found = []
    for site in sites:
        for path in sorted(site.rglob("*.xml")):
            # Feeds and the sitemap: a payload that got in raw would either
            # break the XML or add elements that Atom and sitemaps do not have.
            names = {element.tag.rsplit("}", 1)[-1] for element in ElementTree.parse(path).iter()}
            assert names <= XML_ELEMENTS, f"{path.relative_to(site)}: {names - XML_ELEMENTS}"
        for path in sorted(site.rglob("*.html")):
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for tag in soup.find_all(True):
                handlers = [a for a in tag.attrs if a.lower().startswith("on")]
                if handlers or tag.name == "x" or tag.get("src") in ("x", "//192.0.2.1/beacon.png"):
                    found.append(f"{path.relative_to(site)}: <{tag.name} {handlers}>")
                href = str(tag.get("href", ""))
                if href.lower().startswith("javascript:"):
                    found.append(f"{path.relative_to(site)}: {href}")
            for script in soup.find_all("script"):
                if any(marker in script.get_text() for marker in SCRIPT_MARKERS):
                    found.append(f"{path.relative_to(site)}: <script>{script.get_text()[:40]}")
    assert found == []


def test_titles_show_exactly_what_the_editor_wrote(
    editions: tuple[dict[str, str], list[Path]],
) -> None:
    values, sites = editions
    site = sites[0]
    home = page(site, "")
    journal = values["journal.title"]
    assert home.title is not None and home.title.get_text() == journal
    header = home.select_one(".md-header__topic .md-ellipsis")
    assert header is not None and header.get_text().strip() == journal
    tabs = [t.get_text().strip() for t in home.select(".md-tabs__link")]
    assert values["series.name"] in tabs and values["series3.name"] in tabs
    logo = home.select_one(".md-header__button.md-logo")
    assert logo is not None and logo["title"] == journal and logo["aria-label"] == journal
    tag_pages = [p.parent for p in (site / "tags").glob("*/index.html")]
    assert len(tag_pages) == 1
    tag = page(site, f"tags/{tag_pages[0].name}")
    assert tag.title is not None
    assert tag.title.get_text() == f"标签:{values['report.tag']} - {journal}"
