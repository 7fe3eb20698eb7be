"""``kanwu import``: Word files (.docx) from network units become the next
reports of an issue, as ``kanwu new report`` would number and head them.

A file is read whole (mammoth makes HTML of it, :mod:`generator.cli.wordmd`
Markdown of that) before anything is written. Every file of one command is
read first: if any cannot be imported, nothing is written, so that running
the command again after fixing that file does not import the others twice.
Each report is written with its pictures beside it, in the issue folder
(``02.md`` shows ``![…](02-图1.png)``: a report's images are files of its
issue folder, referred to relative to it, see
``generator/content/attachments.py``), each file to a temporary name first
and renamed into place, pictures before the report that shows them.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import mammoth
import mammoth.documents as docs

from generator.cli.intake import InboxFolder
from generator.cli.scaffold import IssueFolder, ScaffoldError
from generator.cli.wordmd import Markdown, to_markdown
from generator.content.diagnostics import did_you_mean
from generator.content.model import Unit
from generator.content.oserrors import os_reason

# Word's built-in styles by their English names (Word and WPS write these in
# styles.xml whatever the interface language), and WPS's Chinese ones.
STYLE_MAP = "\n".join(
    [
        *(f"p[style-name='标题 {n}'] => h{n}:fresh" for n in range(1, 7)),
        *(
            f"p[style-name='{name}'] => p:fresh"
            for name in ("正文", "Body Text", "Body Text Indent", "Plain Text", "Normal (Web)")
        ),
        "p[style-name='Normal Indent'] => p:fresh",
        "p[style-name='footnote text'] => p:fresh",
        "p[style-name='Footnote Text'] => p:fresh",
        "r[style-name='footnote reference'] =>",
        "r[style-name='Footnote Reference'] =>",
    ]
)
IMAGE_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MAX_UNPACKED = 500 * 1024 * 1024  # a Word file larger than this unpacked is not a report
LEADING = 5  # the title and the 报送单位 line are among the first paragraphs
TRAILING = 3  # … or the 报送单位 line among the last
TITLE_STYLES = frozenset({"title", "标题"})
HEADING_STYLES = frozenset({"heading 1", "标题 1"})
# Titles Word, WPS and templates leave in 文件属性: not the report's.
PLACEHOLDER_TITLE = re.compile(
    r"(?i)(新建\s*)?((microsoft|office)\s*)*(word|wps)\s*(文档|文字文稿)\s*\d*|"
    r"(文档|document|doc)\s*\d*|标题|title|无标题|untitled.*|.*\.(docx?|wps)"
)
# 「甲县委办公室报送」「（甲县委办公室报送）」「报送单位：甲县委办公室」
UNIT_LINE = re.compile(
    r"(?P<open>[（(【\[])?\s*(?:(?:报送|供稿|来稿)单位\s*[:：]\s*(?P<named>[^（）()【】\[\]]+?)"
    r"|(?P<sent>[^，。；：:,;！？（）()【】\[\]]+?)\s*(?:报送|供稿))\s*[）)】\]]?"
)
UNIT_SEPARATORS = re.compile(r"[、，,；;/／\s]+")


class WordProblem(Exception):
    """A Word file that cannot be imported; the message names the file."""


@dataclass(frozen=True)
class Picture:
    name: str
    data: bytes


@dataclass(frozen=True)
class WordReport:
    """A Word file read: what the report will hold."""

    source: Path
    title: str
    unit_text: str | None  # the units the document names, as written
    body: Markdown
    pictures: tuple[Picture, ...]
    dropped: tuple[str, ...]  # what could not be kept, in Chinese


@dataclass
class _Reading:
    """What the look at mammoth's document model found."""

    core_title: str
    unit_names: Mapping[str, str]  # full and short names and ids → unit id
    title: str | None = None
    unit_text: str | None = None
    has_text: bool = False
    comments: int = 0


def _text(element: Any) -> str:
    if isinstance(element, docs.Text):
        return str(element.value)
    if isinstance(element, docs.Tab):
        return " "
    children = getattr(element, "children", None) or ()
    return "".join(_text(child) for child in children)


def _runs(element: Any) -> list[Any]:
    found: list[Any] = []
    for child in getattr(element, "children", None) or ():
        found += [child] if isinstance(child, docs.Run) else _runs(child)
    return found


def _body_size(paragraphs: Sequence[Any]) -> float | None:
    """The font size most of the text is in (三号, 16 pt, in an office report)."""
    sizes: dict[float, int] = {}
    for paragraph in paragraphs:
        for run in _runs(paragraph):
            if run.font_size:
                sizes[run.font_size] = sizes.get(run.font_size, 0) + len(_text(run).strip())
    return max(sizes, key=lambda s: sizes[s]) if sizes else None


def _looks(paragraph: Any) -> tuple[str | None, float, bool]:
    """Alignment, largest font size and whether all its text is bold."""
    runs = [r for r in _runs(paragraph) if _text(r).strip()]
    size = max((r.font_size or 0 for r in runs), default=0)
    return paragraph.alignment, size, bool(runs) and all(r.is_bold for r in runs)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _find_title(
    leading: list[tuple[int, Any, str]], core: str, body: float | None
) -> list[tuple[int, Any, str]]:
    """The paragraphs of the title among the leading ones, or none.

    What the reader sees decides: units copy last month's file to write this
    month's, so 文件属性's title is often stale, and it is used here only when
    it is the text of leading paragraphs. Then the first paragraph in Word's
    Title style (or a first paragraph in Heading 1); then, as offices format a
    title by hand (方正小标宋简体 二号, centred), the first centred paragraph
    larger than the body text, or bold, or first of all. A title broken over
    two paragraphs looks the same in both: following ones that look alike join it."""
    if core:
        for start in range(len(leading)):
            for count in (1, 2, 3):
                group = leading[start : start + count]
                if len(group) == count and _squeeze("".join(t for _, _, t in group)) == _squeeze(
                    core
                ):
                    return group
    for start, (_, paragraph, _) in enumerate(leading):
        style = (paragraph.style_name or "").lower()
        if style in TITLE_STYLES or (start == 0 and style in HEADING_STYLES):
            return _alike(leading, start, _same_style(style))
    for start, (_, paragraph, text) in enumerate(leading):
        alignment, size, bold = _looks(paragraph)
        larger = body is not None and size > body
        # A centred first paragraph is a title even when its size comes from a style.
        stands_out = larger or bold or start == 0
        if alignment == "center" and stands_out and not UNIT_LINE.fullmatch(text):
            return _alike(leading, start, _same_looks(_looks(paragraph)))
    return []


def _same_style(style: str) -> Callable[[Any], bool]:
    return lambda paragraph: (paragraph.style_name or "").lower() == style


def _same_looks(looks: tuple[str | None, float, bool]) -> Callable[[Any], bool]:
    return lambda paragraph: _looks(paragraph) == looks


def _alike(
    leading: list[tuple[int, Any, str]], start: int, same: Callable[[Any], bool]
) -> list[tuple[int, Any, str]]:
    group = [leading[start]]
    for entry in leading[start + 1 :]:
        if entry[0] != group[-1][0] + 1 or not same(entry[1]) or UNIT_LINE.fullmatch(entry[2]):
            break
        group.append(entry)
    return group


def _unit_line(
    candidates: list[tuple[int, Any, str]], known: Mapping[str, str]
) -> tuple[int, str] | None:
    """The paragraph that names the 报送单位, and the names it holds.

    「报送单位：…」 and 「（…报送）」 are such lines whatever they name (a name
    not in units.yml is then refused, with a suggestion). A bare 「…报送」 is
    one only when it names units, or nearly does: a heading such as
    「三、信息报送」 is text."""
    for index, _, text in candidates:
        match = UNIT_LINE.fullmatch(text)
        if not match or len(names := (match.group("named") or match.group("sent")).strip()) > 60:
            continue
        if match.group("named") or match.group("open"):
            return index, names
        parts = [p for p in UNIT_SEPARATORS.split(names) if p]
        if all(_unit_id(p, known) or did_you_mean(p, known) for p in parts):
            return index, names
    return None


def _unit_id(name: str, known: Mapping[str, str]) -> str | None:
    return known.get(name) or known.get(name.removeprefix("中共"))


def _reader(reading: _Reading) -> Callable[[Any], Any]:
    """mammoth's ``transform_document``: find the title and the 报送单位
    line, and leave them out of the body."""

    def transform(document: Any) -> Any:
        reading.has_text = bool(_text(document).strip())
        reading.comments = len(document.comments or ())
        children = list(document.children)
        paragraphs = [
            (i, c, _text(c).strip())
            for i, c in enumerate(children)
            if isinstance(c, docs.Paragraph) and _text(c).strip()
        ]
        title = _find_title(paragraphs[:LEADING], reading.core_title, _body_size(children))
        if title:
            reading.title = "".join(text for _, _, text in title)
        elif reading.core_title:
            reading.title = reading.core_title  # no visible title: the file's own
        skip = {index for index, _, _ in title}
        rest = [p for p in paragraphs if p[0] not in skip]
        found = _unit_line(rest[:LEADING] + rest[-TRAILING:], reading.unit_names)
        if found is not None:
            skip.add(found[0])
            reading.unit_text = found[1]
        return document.copy(children=[c for i, c in enumerate(children) if i not in skip])

    return transform


def _core_title(archive: zipfile.ZipFile) -> str:
    """docProps/core.xml's title, or "" when it is missing or a placeholder."""
    try:
        root = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, ElementTree.ParseError):
        return ""
    title = " ".join((root.findtext("{http://purl.org/dc/elements/1.1/}title") or "").split())
    return "" if PLACEHOLDER_TITLE.fullmatch(title) else title


def _check_format(path: Path, data: bytes) -> zipfile.ZipFile:
    """The Word file as a zip archive, or a problem saying what it is instead."""
    suffix = path.suffix.lower()
    resave = "请在 Word 或 WPS 中打开，另存为 Word 文档（.docx）后再导入"
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise WordProblem(
                f"{path}：文件设有打开密码（已加密），无法读取。请取消密码后另存为 .docx 再导入"
            )
        if suffix in (".wps", ".wpt"):
            raise WordProblem(f"{path}：这是 WPS 文字的专有格式（.wps），{resave}")
        raise WordProblem(f"{path}：这是 Word 97–2003 格式（.doc），{resave}")
    if data.startswith(b"{\\rtf"):
        raise WordProblem(f"{path}：这是 RTF 格式，{resave}")
    if suffix in (".wps", ".wpt") and not data.startswith(b"PK"):
        raise WordProblem(f"{path}：这是 WPS 文字的专有格式（.wps），{resave}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WordProblem(
            f"{path}：不是有效的 Word 文档（.docx），文件可能已损坏或未完整下载"
        ) from None
    if "word/document.xml" not in names:
        raise WordProblem(f"{path}：不是 Word 文档（.docx），其中没有 Word 正文")
    if unpacked > MAX_UNPACKED:
        raise WordProblem(f"{path}：文件解压后超过 {MAX_UNPACKED // 1024 // 1024} MB，不像一篇稿件")
    return archive


def _image_kind(content_type: str) -> str:
    return content_type.rsplit("/", 1)[-1].removeprefix("x-").upper() or "未知"


def read_word(path: Path, stem: str, unit_names: Mapping[str, str]) -> WordReport:
    """Read the Word file ``path`` for the report ``<stem>.md``; its pictures
    are named ``<stem>-图1.png`` … in order. ``unit_names`` tells a bare
    「…报送」 line from text (:func:`_unit_line`)."""
    if not path.is_file():  # a pipe or a device: reading it might never end
        raise WordProblem(f"{path}：不是普通文件")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WordProblem(f"{path}：无法读取（{os_reason(exc)}）") from None
    archive = _check_format(path, data)
    reading = _Reading(_core_title(archive), unit_names)
    pictures: list[Picture] = []
    dropped_pictures: list[str] = []
    seen = 0

    def convert_image(image: Any) -> list[Any]:
        nonlocal seen
        seen += 1
        suffix = IMAGE_TYPES.get(image.content_type or "")
        if suffix is None:
            kind = _image_kind(image.content_type or "")
            dropped_pictures.append(
                f"第{seen}张（{kind} 格式，网页无法显示，可另存为 PNG 后重新插入）"
            )
            return []
        try:
            with image.open() as stream:
                content = stream.read()
        except Exception:  # a missing or unreadable part of the file
            dropped_pictures.append(f"第{seen}张（无法读取）")
            return []
        name = f"{stem}-图{len(pictures) + 1}{suffix}"
        pictures.append(Picture(name, content))
        alt = " ".join((image.alt_text or "").split())
        if not alt or re.fullmatch(r"(?i)(图片|picture|image)\s*\d*|\S+\.[a-z]{3,4}", alt):
            alt = f"图{len(pictures)}"
        return [mammoth.html.element("img", {"src": name, "alt": alt})]

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=convert_image,
            transform_document=_reader(reading),
            # A style map the file itself carries would decide what its text becomes.
            include_embedded_style_map=False,
        )
    except Exception:  # a part mammoth cannot read: broken XML, a missing part …
        raise WordProblem(f"{path}：无法读取 Word 文档的内容，文件可能已损坏") from None
    if not reading.has_text:
        raise WordProblem(f"{path}：文件中没有文字（空文档）")
    if reading.title is None:
        raise WordProblem(
            f"{path}：找不到标题。请把标题设为居中并加大字号或加粗（或用 Word 的「标题」样式），"
            "或在文件属性中填写标题"
        )
    body = to_markdown(result.value)
    if not body.text.strip():
        raise WordProblem(f"{path}：除标题和报送单位外没有正文")
    dropped = _dropped([m.message for m in result.messages], dropped_pictures, reading.comments)
    return WordReport(path, reading.title, reading.unit_text, body, tuple(pictures), dropped)


_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Unrecognised \w+ style: (?:None )?(?:(.+?) )?\(Style ID: (.+)\)"), "样式"),
    (re.compile(r"\w+ style with ID (.+) was referenced but not defined"), "样式"),
    (re.compile(r"An unrecognised element was ignored: (.+)"), "内容"),
    (
        re.compile(r"A w:sym element with an unsupported character was ignored: char (.+?) in"),
        "符号",
    ),
    (re.compile(r"Unsupported break type: (.+)"), "内容"),
    (re.compile(r"Image of type .+ is unlikely to display"), ""),  # said by convert_image
]


def _dropped(messages: list[str], pictures: list[str], comments: int) -> tuple[str, ...]:
    """mammoth's messages, and what was left out besides, in Chinese."""
    found: dict[str, dict[str, None]] = {"样式": {}, "内容": {}, "符号": {}, "其他": {}}
    for message in messages:
        for pattern, kind in _MESSAGES:
            if match := pattern.search(message):
                if kind:
                    item = next((g for g in match.groups() if g and g != "None"), "")
                    found[kind][item] = None
                break
        else:
            found["其他"][_plain(message)] = None
    lines = [
        f"已忽略的{kind}：{'、'.join(items)}"
        for kind, items in found.items()
        if items and kind != "其他"
    ]
    lines += [f"已忽略的图片：{'、'.join(pictures)}"] if pictures else []
    lines += [f"已忽略的批注：{comments} 条"] if comments else []
    lines += [f"转换提示：{'；'.join(found['其他'])}"] if found["其他"] else []
    return tuple(lines)


def _plain(message: str) -> str:
    table = {
        "cell merging may be incorrect": "表格结构异常，合并单元格可能不正确",
        "complex field": "有不完整的域代码，已忽略",
        "a:blip": "有图片找不到对应的文件，已忽略",
        "v:imagedata": "有图片找不到对应的文件，已忽略",
    }
    return next((zh for key, zh in table.items() if key in message), "有无法转换的内容已忽略")


# Units


def unit_names(units: Sequence[Unit]) -> dict[str, str]:
    """Each unit's id, short name and full name → its id."""
    known: dict[str, str] = {}
    for unit in units:
        for name in (unit.id, unit.short, unit.name):
            if name:
                known.setdefault(name, unit.id)
    return known


def match_units(source: Path, text: str, known: Mapping[str, str]) -> tuple[str, ...]:
    """The unit ids the 报送单位 line ``text`` names, by full name, short name or id."""
    ids: list[str] = []
    for part in (p for p in UNIT_SEPARATORS.split(text) if p):
        unit_id = _unit_id(part, known)
        if unit_id is None:
            hint = did_you_mean(part, known)
            raise WordProblem(
                f"{source}：报送单位「{part}」不在单位名录中{hint}，"
                "请核对 units.yml 或用 --unit 指定单位标识"
            )
        ids.append(unit_id)
    return tuple(dict.fromkeys(ids))


# Writing


@dataclass(frozen=True)
class Imported:
    """A report to write: ``report`` as ``path``, from ``units``."""

    path: Path
    report: WordReport
    units: tuple[Unit, ...]
    text: str = field(repr=False)


class ImportRefused(Exception):
    """Some files cannot be imported; ``problems`` names each."""

    def __init__(self, problems: list[str], good: int) -> None:
        super().__init__(problems)
        self.problems = problems
        self.good = good


def plan_import(
    folder: IssueFolder | InboxFolder, files: Sequence[Path], unit: str | None
) -> list[Imported]:
    """Read every file; the reports (or 来稿) to write into ``folder``.
    Raises :class:`ScaffoldError` for a usage problem, :class:`ImportRefused`
    when a file cannot be imported."""
    if isinstance(folder, IssueFolder) and folder.series.is_instructions:
        raise ScaffoldError(f"「{folder.series.name}」是领导批示专刊，不能导入报送的稿件")
    if unit is not None:
        folder.check_unit(unit)
    by_id = {u.id: u for u in folder.units}
    known = unit_names(folder.units)
    plans: list[Imported] = []
    problems: list[str] = []
    for offset, source in enumerate(files):
        path = folder.report_path(offset)
        try:
            report = read_word(source, path.stem, known)
            if unit is not None:
                ids: tuple[str, ...] = (unit,)
            elif report.unit_text is not None:
                ids = match_units(source, report.unit_text, known)
            else:
                raise WordProblem(
                    f"{source}：文件中没有报送单位（如「（甲县委办公室报送）」或"
                    "「报送单位：甲县委办公室」），请用 --unit 指定单位标识"
                )
        except WordProblem as exc:
            problems.append(str(exc))
            continue
        text = folder.report_text(ids[0] if len(ids) == 1 else ids, report.title, report.body.text)
        plans.append(Imported(path, report, tuple(by_id[i] for i in ids), text))
    if problems:
        raise ImportRefused(problems, len(plans))
    for plan in plans:
        for target in [plan.path, *(plan.path.parent / p.name for p in plan.report.pictures)]:
            if target.exists():
                raise ImportRefused([f"{target} 已存在，为免覆盖，请先移走"], 0)
    return plans


def write_reports(plans: Sequence[Imported]) -> None:
    """Write every report and its pictures, or (on an error) none of them."""
    files: list[tuple[Path, bytes]] = []
    for plan in plans:
        files += [(plan.path.parent / p.name, p.data) for p in plan.report.pictures]
        files.append((plan.path, plan.text.encode("utf-8")))
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for target, data in files:
            target.parent.mkdir(parents=True, exist_ok=True)  # a new month's inbox/
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with temporary.open("xb") as stream:
                staged.append((temporary, target))
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, target in staged:
            os.replace(temporary, target)
            placed.append(target)
    except BaseException:
        for path in [*(t for t, _ in staged), *placed]:
            path.unlink(missing_ok=True)
        raise


def summary(plan: Imported) -> str:
    """What was done with one file, in one line for the editor."""
    report, body = plan.report, plan.report.body
    units = "、".join(f"{u.name}（{u.id}）" for u in plan.units)
    counts = (
        f"正文 {body.paragraphs} 段，表格 {body.tables} 个，图片 {len(report.pictures)} 张，"
        f"脚注 {body.footnotes} 条"
    )
    dropped = "".join(f"；{line}" for line in report.dropped)
    return (
        f"已导入 {report.source} → {plan.path}：标题「{report.title}」，报送单位 {units}，"
        f"{counts}{dropped}。"
    )
