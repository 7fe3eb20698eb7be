"""Documents to PDF: Chromium prints the document's HTML (Playwright drives
the browser the machine has; none is downloaded).

Why Chromium and not WeasyPrint, measured on one 3-page issue (README
「导出公文」): Chromium justifies Chinese lines between characters, so a
line broken early still fills the type area's width, and it holds 28
characters a line; WeasyPrint 70 justifies only at spaces, leaving such
lines ragged (up to 5 mm short), and it has no ``font-synthesis``. Chromium
also prints the issue page the way a reader's browser does.

Two things are done after Chromium lays the document out:

- the layout is finished by ``kanwuPrintLayout()`` (assets/kanwu-print.js,
  which a reader's browser also runs before printing an issue page): marks
  that may not begin a line hang past its end, blocks end on the line
  grid, and the 版记 moves to the foot of the last page;
- the PDF's text layer is mended: Chromium names a character by the first
  code point that the font maps to its glyph, which for many characters is
  a radical (⼯ U+2F2F for 工, ⻓ U+2ED3 for 长), so the text copied or
  searched in a PDF reader would be wrong (:mod:`generator.build.radicals`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.radicals import mend_text_layer, shown_in

# Which role in the document wants which faces (assets/kanwu-print.css), and what it
# is called in a message. The first faces are what offices have: Windows'
# GB2312 fonts, 方正's fonts on 信创 machines.
FACES: Mapping[str, tuple[str, str, tuple[str, ...]]] = {
    "masthead": (".kw-masthead__journal", "版头与标题（小标宋）", ("方正小标宋", "FZXiaoBiaoSong")),
    "body": (
        ".kw-report__body p, .kw-report__body",
        "正文（仿宋）",
        ("仿宋", "FangSong", "FZFangSong", "STFangsong"),
    ),
    "units": (".kw-report__units", "报送单位（楷体）", ("楷体", "KaiTi", "FZKai", "STKaiti")),
    "marks": (".kw-masthead__marks", "密级与紧急程度标志（黑体）", ("黑体", "SimHei", "FZHei")),
}
# Where else the faces a document is set in are asked for (what FACES asks
# covers the rest): the titles' bold face, and the 版记.
SET_IN = (".kw-report__title", ".kw-colophon", ".kw-masthead__number")
# Chromium is found under these names, or where KANWU_CHROMIUM says.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "msedge")
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


class PdfError(Exception):
    """A document could not be printed; the message is for the user."""


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    fallbacks: tuple[str, ...]  # what was printed in another face, for the user


def find_browser() -> str:
    """The Chromium to print with: KANWU_CHROMIUM, else one on the PATH."""
    chosen = os.environ.get("KANWU_CHROMIUM")
    if chosen:
        if not Path(chosen).is_file():
            raise PdfError(f"KANWU_CHROMIUM 指向的「{chosen}」不存在。")
        return chosen
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise PdfError(
        "导出 PDF 需要 Chromium 浏览器，本机没有找到。"
        "请安装（Debian、统信、麒麟：apt-get install chromium），"
        "或用环境变量 KANWU_CHROMIUM 指明浏览器程序的位置。"
    )


class Printer:
    """One browser and one tab, kept open to print many documents: a new tab
    for each cost a third of a second more."""

    def __init__(self) -> None:
        from playwright.sync_api import Error, sync_playwright

        self._error = Error
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=find_browser(), args=list(ARGS)
            )
            self._page = self._browser.new_page(viewport={"width": 1000, "height": 1400})
            # Nothing leaves the machine: only local files and data: URLs load.
            self._page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(("file:", "data:"))
                    else route.abort()
                ),
            )
            self._page.emulate_media(media="print")
        except Error as exc:
            self._playwright.stop()
            raise PdfError(f"无法启动 Chromium：{str(exc).splitlines()[0]}") from None
        except BaseException:
            self._playwright.stop()
            raise
        # A file for each document, so that its file: images may load.
        self._folder = tempfile.TemporaryDirectory(prefix="kanwu-pdf-")
        # The faces found for each role (FACES), asked once: a machine's fonts
        # do not change between two documents.
        self._faces: dict[str, str | None] = {}
        # The fonts (PostScript names) documents were set in, to name the
        # glyphs of the text layer by (generator.build.radicals.Shown).
        self._fonts: set[str] = set()
        self._asked: set[str] = set()

    def close(self) -> None:
        self._folder.cleanup()
        self._browser.close()
        self._playwright.stop()

    def print(self, html: str, dated: str | None = None) -> Printed:
        """The PDF of one document's HTML, and the faces it lacked; with
        ``dated`` (``YYYYMMDD``) it bears that date (:func:`mend_text_layer`)."""
        source = Path(self._folder.name) / "document.html"
        source.write_text(html, encoding="utf-8")
        page = self._page
        try:
            page.goto(source.as_uri(), wait_until="load")
            # What CSS cannot say (assets/kanwu-print.js, in the document).
            page.evaluate("kanwuPrintLayout()")
            self._ask_faces(page)
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        except self._error as exc:
            raise PdfError(f"Chromium 未能排出 PDF：{str(exc).splitlines()[0]}") from None
        fallbacks = tuple(found for found in self._faces.values() if found)
        return Printed(mend_text_layer(pdf, dated, shown_in(html, self._fonts)), fallbacks)

    def _ask_faces(self, page: object) -> None:
        """For each role the document has and no document before had, which
        faces Chromium set it in; a role set in a face other than the
        office's is remembered as 「正文（仿宋）：本机未装，用 Noto Serif
        CJK SC 代替」. The faces actually used are asked of the browser
        (DevTools), not guessed."""
        roles = [role for role in FACES if role not in self._faces]
        others = [selector for selector in SET_IN if selector not in self._asked]
        if not roles and not others:
            return
        session = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]

        def faces(selector: str) -> list[dict[str, Any]] | None:
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            if not node.get("nodeId"):
                return None
            self._asked.add(selector)
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            used = [f for f in fonts["fonts"] if f.get("glyphCount")]
            self._fonts.update(f["postScriptName"] for f in used if f.get("postScriptName"))
            return used

        for selector in others:
            faces(selector)
        for role in roles:
            selector, label, wanted = FACES[role]
            found = faces(selector)
            if found is None:
                continue
            used = [f["familyName"] for f in found]
            lacking = used and not any(w.lower() in u.lower() for u in used for w in wanted)
            self._faces[role] = (
                f"{label}：本机未装，用 {'、'.join(dict.fromkeys(used))} 代替" if lacking else None
            )
        session.detach()


@contextlib.contextmanager
def printer() -> Iterator[Printer]:
    chosen = Printer()
    try:
        yield chosen
    finally:
        chosen.close()
