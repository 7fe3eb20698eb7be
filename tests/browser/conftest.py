"""A real browser (Debian's chromium, driven by Playwright) against the built
sample site served on 127.0.0.1. No browser is downloaded."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.helpers import SAMPLE, built_site

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from calling home on a machine without internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Pagefind's JS API over the whole index of a site served at /, as window.pf:
# the newest bundle of pagefind/shards.json, the others merged into it. The
# argument, if any, is set as <html lang> first, as the site's search page does.
LOAD_INDEX = """async (language) => {
    if (language) document.documentElement.lang = language;
    const shards = (await (await fetch('/pagefind/shards.json')).json()).shards;
    window.pf = await import(`/pagefind/${shards[0]}/pagefind.js`);
    await window.pf.init();
    await Promise.all(shards.slice(1).map((s) => window.pf.mergeIndex(`/pagefind/${s}/`)));
}"""


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("browser") / "site"
    built_site(SAMPLE, output)
    return output


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site, optionally under a sub-path such as /xinxi/."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__not_under_prefix__")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at ``prefix``; yield the base URL."""
    handler_class = type("Handler", (_SiteHandler,), {"prefix": prefix})
    handler = functools.partial(handler_class, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(sample_site: Path) -> Iterator[str]:
    with serving(sample_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "缺少 Debian 软件包 chromium：请以 root 运行 apt-get install chromium fonts-noto-cjk"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def show_all_results(page: Page) -> None:
    """Click 「显示更多结果」 on the search page until every result is shown."""
    more = page.locator(".kw-search__more")
    while more.is_visible():
        shown = page.locator(".kw-result").count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.kw-result').length > n"
            " || document.querySelector('.kw-search__more').hidden",
            arg=shown,
        )
