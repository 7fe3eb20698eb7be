"""Property: whatever HTML an editor puts into any YAML string, both editions
load in Chromium with nothing executed and nothing requested off the host,
on one page of every kind (and the search page showing results)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Route

from generator.content.pipeline import load_and_validate
from generator.site.catalog import AUDIENCES, build_catalog
from generator.site.pages import site_pages
from tests.browser.conftest import serving
from tests.helpers import built_site
from tests.payloads import FRAGMENTS, write_hostile_publication

payloads = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=4).map("".join)


def one_page_of_every_kind(content: Path, audience: str) -> list[str]:
    publication, _ = load_and_validate(content)
    assert publication is not None
    kinds: dict[str, str] = {}
    for page in site_pages(build_catalog(publication, audience)):  # type: ignore[arg-type]
        kinds.setdefault(page.kind, page.url)
    # The search page with results, and the page a server shows for a wrong address.
    return [*kinds.values(), "search/?q=纯属虚构", "404.html"]


def visit(browser: Browser, base: str, urls: list[str], journal: str) -> list[str]:
    """Load each page; return what ran or went off the host (nothing, we hope)."""
    events: list[str] = []
    tab = browser.new_page()
    tab.on("dialog", lambda d: (events.append(f"dialog {d.message}"), d.dismiss()))

    def route(route: Route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            events.append(f"off host {route.request.url}")
            route.abort()

    tab.route("**/*", route)
    for url in urls:
        tab.goto(base + url, wait_until="load")
        if "?q=" in url:
            # Results, with their titles and units, are drawn by script.
            tab.wait_for_selector(".kw-search__results li")
        if tab.evaluate("() => window.__kw") is not None:
            events.append(f"script ran on {url}")
        header = tab.locator(".md-header__topic .md-ellipsis").first
        assert header.inner_text().strip() == journal.strip(), url
    tab.close()
    return events


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(payload=payloads)
@example(payload="<img src=x onerror=alert(1)>")
@example(payload="".join(FRAGMENTS))
def test_yaml_payloads_run_nothing_in_either_edition(browser: Browser, payload: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        values = write_hostile_publication(root / "content", payload)
        for audience in AUDIENCES:
            site = built_site(root / "content", root / audience, "--audience", audience)
            urls = one_page_of_every_kind(root / "content", audience)
            assert len(urls) > (12 if audience == "intranet" else 8)
            with serving(site) as base:
                assert visit(browser, base, urls, values["journal.title"]) == [], audience
