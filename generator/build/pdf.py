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

from generator.build.radicals import mend_text_layer

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
    """One browser, kept open to print many documents."""

    def __init__(self) -> None:
        from playwright.sync_api import Error, sync_playwright

        self._error = Error
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=find_browser(), args=list(ARGS)
            )
        except Error as exc:
            self._playwright.stop()
            raise PdfError(f"无法启动 Chromium：{str(exc).splitlines()[0]}") from None
        except BaseException:
            self._playwright.stop()
            raise

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def print(self, html: str) -> Printed:
        """The PDF of one document's HTML, and the faces it lacked."""
        with tempfile.TemporaryDirectory(prefix="kanwu-pdf-") as folder:
            # A file, so that the document's file: images may load.
            source = Path(folder) / "document.html"
            source.write_text(html, encoding="utf-8")
            page = self._browser.new_page(viewport={"width": 1000, "height": 1400})
            try:
                # Nothing leaves the machine: only local files and data: URLs load.
                page.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(("file:", "data:"))
                        else route.abort()
                    ),
                )
                page.goto(source.as_uri(), wait_until="load")
                page.emulate_media(media="print")
                # What CSS cannot say (assets/kanwu-print.js, in the document).
                page.evaluate("kanwuPrintLayout()")
                fallbacks = self._fallbacks(page)
                pdf = page.pdf(prefer_css_page_size=True, print_background=True)
            except self._error as exc:
                raise PdfError(f"Chromium 未能排出 PDF：{str(exc).splitlines()[0]}") from None
            finally:
                page.close()
        return Printed(mend_text_layer(pdf), fallbacks)

    @staticmethod
    def _fallbacks(page: object) -> tuple[str, ...]:
        """Each role whose text Chromium set in a face other than the
        office's, as 「正文（仿宋）：用 Noto Serif CJK SC 代替」. The faces
        actually used are asked of the browser (DevTools), not guessed."""
        session = page.context.new_cdp_session(page)  # type: ignore[attr-defined]
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        found = []
        for selector, label, wanted in FACES.values():
            node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            if not node.get("nodeId"):
                continue
            fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
            used = [f["familyName"] for f in fonts["fonts"] if f.get("glyphCount")]
            if used and not any(w.lower() in u.lower() for u in used for w in wanted):
                found.append(f"{label}：本机未装，用 {'、'.join(dict.fromkeys(used))} 代替")
        session.detach()
        return tuple(found)


@contextlib.contextmanager
def printer() -> Iterator[Printer]:
    chosen = Printer()
    try:
        yield chosen
    finally:
        chosen.close()
