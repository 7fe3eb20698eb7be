"""The exported PDF measured as a checker measures a printed document
against GB/T 9704-2012: positions of its characters and rules in mm."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.content.pipeline import load_and_validate
from generator.site.catalog import build_catalog
from generator.site.documents import issue_document
from tests.documents import ISSUE, LONG_PARAGRAPHS, TABLE, sample_with_issue
from tests.helpers import SAMPLE, kanwu
from tests.pdfs import LEFT, PITCH, RIGHT, TOP, Line, Page, full_width, read, text

TOLERANCE = 1.0  # mm, as the acceptance allows
RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, str]:
    root = tmp_path_factory.mktemp("pdf")
    content = sample_with_issue(root)
    result = kanwu("export", content / ISSUE, "--content", content, "-o", root / "out.pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return content, (root / "out.pdf").read_bytes(), result.stderr


@pytest.fixture(scope="module")
def pages(exported: tuple[Path, bytes, str]) -> list[Page]:
    return read(exported[1])


def paragraphs_lines(pages: list[Page]) -> list[tuple[Line, Line | None]]:
    """Every body line, and the line after it in the same paragraph (none
    when the next line is indented, centred or not body text)."""
    head_end = min(r.top for r in pages[0].rules)  # the 版头's red rule
    lines = [
        line
        for page in pages
        for line in page.body_lines()
        if page.number > 1 or line.top > head_end
    ]
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is not None and abs(following.x0 - LEFT) > 1:
            following = None
        out.append((line, following))
    return out


def flat_text(pdf: bytes) -> str:
    """The PDF's text without white space and page numbers."""
    return re.sub(r"—\d+—", "", re.sub(r"\s", "", text(pdf)))


def body_pages(pages: list[Page]) -> list[Page]:
    """Pages holding nothing but body text (and their number)."""
    return [p for p in pages if all(line.size in (16.0, 14.0) for line in p.lines) and not p.rules]


def test_the_page_is_a4(exported: tuple[Path, bytes, str]) -> None:
    for page in PdfReader(exported[0].parent / "out.pdf").pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_a_full_body_page_has_22_lines_on_the_grid(pages: list[Page]) -> None:
    full = [p for p in body_pages(pages) if len(p.body_lines()) >= 20]
    assert len(full) >= 3
    for page in full:
        lines = page.body_lines()
        assert len(lines) == 22, (page.number, [line.text[:6] for line in lines])
        assert abs(lines[0].top - TOP) <= TOLERANCE
        for n, line in enumerate(lines):
            assert abs(line.top - (TOP + n * PITCH)) <= 0.5, (page.number, n)


def test_the_type_area_is_156_by_225_mm_at_28_and_37_mm(pages: list[Page]) -> None:
    for page in pages:
        for line in page.body_lines():
            assert line.top >= TOP - TOLERANCE
            assert line.top + 16 / 72 * 25.4 <= TOP + 225 + TOLERANCE
            assert line.x0 >= LEFT - TOLERANCE
            assert max(c.x1 for c in line.inside()) <= RIGHT + TOLERANCE
    starts = [line.x0 for _, line in enumerate(pages[2].body_lines())]
    assert min(starts) == pytest.approx(LEFT, abs=TOLERANCE)


def test_a_full_line_of_chinese_holds_28_characters(pages: list[Page]) -> None:
    """A line of full-width characters that a paragraph continues after:
    28 within the type area, no more, no fewer (a mark that may not begin a
    line hangs past the end, as in Word). Not counted: a line before one
    that starts with a number, which may be too wide for the room left."""
    counted = 0
    for line, following in paragraphs_lines(pages):
        inside = line.inside()
        if following is None or abs(line.x0 - LEFT) > 1:
            continue
        if not all(full_width(c) for c in (*inside, following.chars[0])):
            continue
        counted += 1
        assert len(inside) == 28, line.text
    assert counted >= 60


def test_no_line_but_a_paragraphs_last_is_ragged(pages: list[Page]) -> None:
    """Lines broken early (by numbers, or a mark kept off a line's start)
    are justified to the type area's right edge."""
    for line, following in paragraphs_lines(pages):
        if following is not None:
            assert max(c.x1 for c in line.inside()) == pytest.approx(RIGHT, abs=TOLERANCE)


def test_every_page_is_numbered_at_its_outer_corner(pages: list[Page]) -> None:
    assert len(pages) >= 4
    for page in pages:
        numbers = [line for line in page.lines if line.text.replace(" ", "") == f"—{page.number}—"]
        assert len(numbers) == 1, (page.number, [line.text for line in page.lines][-2:])
        number = numbers[0]
        assert number.size == 14.0
        # The 一字线's top 7 mm under the type area.
        assert number.top == pytest.approx(TOP + 225 + 7, abs=TOLERANCE)
        one_character = 14 / 72 * 25.4
        if page.number % 2:
            assert number.x1 == pytest.approx(RIGHT - one_character, abs=TOLERANCE)
        else:
            assert number.x0 == pytest.approx(LEFT + one_character, abs=TOLERANCE)


def test_the_colophon_stands_at_the_foot_of_the_last_page(pages: list[Page]) -> None:
    last = pages[-1]
    text_end = max(line.top for line in last.lines if line.size == 16.0)
    rules = sorted((r for r in last.rules if r.top > text_end + 5), key=lambda r: r.top)
    body = [line for line in last.lines if rules[0].top < line.top < rules[-1].top]
    assert all(line.size == 14.0 for line in body)
    assert [line.text.split("：")[0] for line in body[:3]] == ["报", "送", "发"]
    assert body[-1].text.endswith("2026年11月19日印发")
    assert len(rules) == len(body) + 1
    assert rules[-1].bottom == pytest.approx(TOP + 225, abs=TOLERANCE)
    assert rules[0].thickness == pytest.approx(0.35, abs=0.08)
    assert rules[-1].thickness == pytest.approx(0.35, abs=0.08)
    assert all(r.thickness == pytest.approx(0.25, abs=0.08) for r in rules[1:-1])
    for rule in rules:
        assert (rule.x0, rule.x1) == (pytest.approx(LEFT, abs=0.5), pytest.approx(RIGHT, abs=0.5))


def test_the_head_is_red_with_masthead_series_number_and_marks(pages: list[Page]) -> None:
    first = pages[0]
    texts = [re.sub(r"\s", "", line.text) for line in first.lines]
    # 密级, then 紧急程度, each at the type area's left edge.
    assert texts[:2] == ["内部资料注意保存", "特急"]
    assert [line.x0 for line in first.lines[:2]] == [pytest.approx(LEFT, abs=0.5)] * 2
    assert texts[2:5] == ["示例信息", "每日快报", "2026年第191期（总第1188期）"]
    assert texts[5].startswith("中共示例市委办公室") and texts[5].endswith("2026年11月19日")
    red = [r for r in first.rules if r.color and r.color[0] > 0.8 and r.color[1] < 0.1]
    assert len(red) == 1
    assert (red[0].x0, red[0].x1) == (pytest.approx(LEFT, abs=0.5), pytest.approx(RIGHT, abs=0.5))
    masthead = first.lines[2]
    assert masthead.size > 22
    titles = [line for line in first.lines if line.text == "示例市推进基层治理现代化的做法与成效"]
    assert [line.size for line in titles] == [16.0, 22.0]  # in 目录, then over the report


def test_the_text_layer_reads_as_written(exported: tuple[Path, bytes, str]) -> None:
    """Copying or searching the PDF gives the report's own characters: no
    radical stands for an ideograph (工, 长, 示 …), nothing is lost."""
    layer = text(exported[1])
    assert not RADICALS.search(layer), RADICALS.findall(layer)[:10]
    flat = flat_text(exported[1])
    for paragraph in LONG_PARAGRAPHS:
        assert paragraph in flat
    for row in TABLE:
        for cell in row:
            assert cell in flat


def test_only_what_was_issued_is_printed(exported: tuple[Path, bytes, str]) -> None:
    """The site shows the adoption and 月度最佳 of the long report; the
    document holds the issued text only."""
    flat = flat_text(exported[1])
    for note in ("采用", "最佳信息", "续报", "上一期", "下一期", "省委办公厅（"):
        assert note not in flat


def test_the_picture_is_printed(exported: tuple[Path, bytes, str]) -> None:
    reader = PdfReader(exported[0].parent / "out.pdf")
    assert sum(len(page.images) for page in reader.pages) == 1


def test_no_face_is_thickened_by_the_printer(exported: tuple[Path, bytes, str]) -> None:
    """小标宋 is a heavy face: a fake bold (text drawn filled and stroked,
    rendering mode 2) would thicken it further."""
    reader = PdfReader(exported[0].parent / "out.pdf")
    for page in reader.pages:
        stream = page.get_contents()
        assert stream is not None
        assert not re.search(rb"\b[12] Tr\b", stream.get_data())


def test_a_missing_face_is_named_with_the_one_used(
    exported: tuple[Path, bytes, str], pages: list[Page]
) -> None:
    """Where the machine lacks 仿宋, the export says so and names the face
    the body was set in, as the PDF shows it."""
    body_font = pages[2].body_lines()[0].chars[0].font.split("+")[-1]
    said = exported[2]
    if "FangSong" in body_font or "Fang" in body_font:
        assert "正文（仿宋）" not in said
    else:
        line = next(line for line in said.splitlines() if "正文（仿宋）" in line)
        used = line.split("用 ")[1].split(" 代替")[0]
        assert used.replace(" ", "").lower() in body_font.replace("-", "").lower()


def test_an_upward_series_prints_its_signer_in_the_head(tmp_path: Path) -> None:
    """每日上报 reports upward: 签发人 in the 版头 (GB/T 9704 上行文), not in the 版记."""
    out = tmp_path / "up.pdf"
    result = kanwu("export", SAMPLE / "shangbao/2026/169", "--content", SAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    pages = read(out.read_bytes())
    head = [re.sub(r"\s", "", line.text) for line in pages[0].lines[:7]]
    assert head[4] == "中共示例市委办公室2026年9月10日"
    assert head[5] == "签发人：市委办公室主任"
    signer = pages[0].lines[5]
    assert signer.x1 == pytest.approx(RIGHT - 16 / 72 * 25.4, abs=TOLERANCE)
    flat = flat_text(out.read_bytes())
    assert "签发：" not in flat and "责任编辑：信息科" in flat


def test_the_public_edition_prints_public_reports_without_marks_or_colophon(
    tmp_path: Path,
) -> None:
    out = tmp_path / "public.pdf"
    issue = SAMPLE / "kuaibao/2026/174"
    result = kanwu("export", issue, "--content", SAMPLE, "--audience", "public", "-o", out)
    assert result.returncode == 0, result.stderr
    flat = flat_text(out.read_bytes())
    public = [p for p in sorted(issue.glob("0*.md")) if "classification: 公开" in p.read_text()]
    assert len(public) == 1
    title = re.search(r"^title: (.+)$", public[0].read_text(encoding="utf-8"), re.M)
    assert title is not None and title.group(1).strip() in flat
    for absent in ("内部资料", "报：", "印发", "签发"):
        assert absent not in flat
    assert flat.count("报送）") == 1  # one report only


def _shown(issue: Path) -> set[str]:
    """The characters of an issue's document: its HTML's text."""
    publication, _ = load_and_validate(SAMPLE)
    assert publication is not None
    catalog = build_catalog(publication, "intranet")
    key = issue.relative_to(SAMPLE).as_posix()
    page = issue_document(catalog, SAMPLE.resolve(), key).html()
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return set(html.unescape(re.sub(r"<[^>]*>", " ", page)))


def _latest_issues() -> list[Path]:
    """The latest issue of every series of the sample: each kind of issue
    (several reports, one topic with urgency, instructions, upward, exchange)."""
    latest = []
    for series in sorted(p for p in SAMPLE.iterdir() if (p / "2026").is_dir()):
        latest.append(max((series / "2026").iterdir()))
    return latest


@pytest.mark.parametrize("issue", _latest_issues(), ids=lambda p: p.parent.parent.name)
def test_every_kind_of_issue_keeps_the_layout(tmp_path: Path, issue: Path) -> None:
    out = tmp_path / "issue.pdf"
    result = kanwu("export", issue, "--content", SAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    pages = read(out.read_bytes())
    for page in pages:
        assert page.lines[-1].text.replace(" ", "") == f"—{page.number}—"
        for line in page.lines:
            if line.size == 16.0:
                # On the grid: 37 mm plus whole lines of 225 / 22 mm.
                slot = (line.top - TOP) / PITCH
                assert slot == pytest.approx(round(slot), abs=0.05), (page.number, line.text)
            assert line.x0 >= LEFT - TOLERANCE
            assert max(c.x1 for c in line.inside()) <= RIGHT + TOLERANCE
            # A hanging mark takes at most one character's room past the edge.
            assert line.x1 <= RIGHT + 156 / 28 + TOLERANCE
    last = pages[-1]
    text_end = max(line.top for line in last.lines if line.size == 16.0)
    rules = [r for r in last.rules if r.top > text_end + 5]
    assert max(r.bottom for r in rules) == pytest.approx(TOP + 225, abs=TOLERANCE)
    layer = text(out.read_bytes())
    assert not RADICALS.search(layer)
    # Every character of the text layer is one the issue shows: Noto CJK
    # draws 户 with the radical ⼾'s glyph, which NFKC would name 戶.
    assert set(layer) - _shown(issue) - set("— 0123456789\n") == set()
    flat = flat_text(out.read_bytes())
    for report in sorted(issue.glob("*.md")):
        found = re.search(r"^title: (.+)$", report.read_text(encoding="utf-8"), re.M)
        if report.name != "index.md" and found:
            assert re.sub(r"\s", "", found.group(1).strip("'\"")) in flat
