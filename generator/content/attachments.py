"""Which files a report may show or link: office documents, images, archives.

A file published beside an issue is served from the site's own address, so an
HTML, SVG or XML file (or a script) would run with the site's rights when a
reader opens it. Only formats that a browser downloads or shows inertly are
published. SVG may be shown as an image (``![](x.svg)``), where it cannot run:
the page embeds it as a ``data:`` image and the file itself is not published.
"""

from __future__ import annotations

import posixpath

# Suffix → what it is, for the message that lists what is allowed.
ATTACHMENT_TYPES: dict[str, str] = {
    **dict.fromkeys((".pdf", ".ofd"), "版式文档"),
    **dict.fromkeys((".doc", ".docx", ".wps", ".wpt", ".odt", ".rtf"), "文字文档"),
    **dict.fromkeys((".xls", ".xlsx", ".et", ".ett", ".ods", ".csv"), "表格"),
    **dict.fromkeys((".ppt", ".pptx", ".dps", ".dpt", ".odp"), "演示文稿"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"), "图片"),
    **dict.fromkeys((".zip", ".rar", ".7z"), "压缩包"),
    ".txt": "纯文本",
}
IMAGE_SUFFIXES = frozenset(s for s, kind in ATTACHMENT_TYPES.items() if kind == "图片")
# Shown only as an image, embedded in the page; never published as a file.
INLINE_IMAGE_SUFFIXES = frozenset({".svg"})
# The 来稿 (generator.content.inbox): nothing under it is ever published.
INBOX_DIR = "inbox"


def in_inbox(path: str) -> bool:
    """Whether a content path is under ``inbox/``."""
    return path == INBOX_DIR or path.startswith(f"{INBOX_DIR}/")


def suffix(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def publishable(path: str) -> bool:
    """Whether a file may be published as an attachment or image: of an
    allowed type, and not one of the 来稿's."""
    return suffix(path) in ATTACHMENT_TYPES and not in_inbox(path)


def allowed_reference(tag: str, path: str) -> bool:
    """Whether a report may refer to ``path`` with an ``img`` or ``a`` tag."""
    return publishable(path) or (tag == "img" and suffix(path) in INLINE_IMAGE_SUFFIXES)


def allowed_list() -> str:
    """The allow-list as an editor reads it: 「版式文档（.pdf .ofd）、…」."""
    kinds: dict[str, list[str]] = {}
    for name, kind in ATTACHMENT_TYPES.items():
        kinds.setdefault(kind, []).append(name)
    return "、".join(f"{kind}（{' '.join(names)}）" for kind, names in kinds.items())


# Formats a browser runs when the file is opened from the site's address.
ACTIVE_SUFFIXES = frozenset(
    {".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml", ".xsl"}
    | {".xslt", ".js", ".mjs", ".css", ".swf", ".hta", ".vbs", ".php", ".jsp", ".asp"}
)
# The content's own sources: reports are linked as pages, YAML never published.
SOURCE_SUFFIXES = frozenset({".md", ".yml", ".yaml"})


def refusal(tag: str, path: str, written: str) -> str | None:
    """Why a body may not refer to ``path`` (written as ``written``) with an
    ``img`` or ``a`` tag, or ``None`` when it may. A link to a report's
    ``.md`` is allowed: it becomes a link within the site."""
    kind = suffix(path)
    if allowed_reference(tag, path) or (tag == "a" and kind == ".md"):
        return None
    if kind in INLINE_IMAGE_SUFFIXES:
        return f'SVG 文件 "{written}" 只能作为图片显示（![说明]({written})），不能作为附件链接'
    what = "图片" if tag == "img" else "附件"
    if kind in ACTIVE_SUFFIXES:
        reason = "HTML、SVG、XML 与脚本文件可能在读者浏览器中运行"
    elif kind in SOURCE_SUFFIXES:
        reason = "稿件、YAML 与台账等内容源文件不会发布"
    else:
        reason = "不在允许发布的类型之中"
    allowed = allowed_list() + ("、矢量图（.svg，仅作图片）" if tag == "img" else "")
    return f'{what} "{written}" 的类型不允许发布（{reason}）；允许：{allowed}'
