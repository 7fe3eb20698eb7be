"""The preview's quick path shows a saved body exactly as a full build would.

A differential test: report bodies of the sample archive are edited in many
ways, one after another; after each, the quick path updates the built site in
place, and the result must equal, file for file and byte for byte, the site
built from scratch. A change beyond the body is refused, and then not a file
of the site has changed.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.preview import show_in_place
from generator.build.quick import Shown, quick_update
from generator.content.pipeline import load_and_validate
from generator.site.bodies import render_bodies
from generator.site.catalog import build_catalog
from tests.build.test_incremental import _reports
from tests.helpers import built_site, snapshot

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

Edit = Callable[[Path, random.Random], list[Path]]


def _shown(content: Path, site: Path) -> Shown:
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    catalog = build_catalog(publication)
    return Shown(content, site, catalog, render_bodies(catalog, content))


def _body_of(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    return text[:end], text[end:]


def _set_body(path: Path, body: str) -> None:
    front, _ = _body_of(path)
    path.write_text(front + body, encoding="utf-8")


def _pick(content: Path, rng: random.Random, series: str = "kuaibao") -> Path:
    return rng.choice([r for r in _reports(content) if r.parts[-4] == series])


def append_paragraph(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng)
    with report.open("a", encoding="utf-8") as file:
        file.write(f"\n补充说明：第{rng.randrange(10**6)}号示例情况已核实。\n")
    return [report]


def rewrite_with_markup(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng)
    number = rng.randrange(10**6)
    _set_body(
        report,
        f"\n## 基本情况{number}\n\n甲县**重点工作**推进有序：\n\n- 第一项\n- 第二项\n\n"
        "| 项目 | 数量 |\n|---|---|\n| 示例 | 3 |\n\n> 引述一段示例文字。\n\n`代码样式`\n",
    )
    return [report]


def link_another_report(content: Path, rng: random.Random) -> list[Path]:
    report, other = _pick(content, rng), _pick(content, rng, "yaoqing")
    link = os.path.relpath(other, report.parent)
    with report.open("a", encoding="utf-8") as file:
        file.write(f"\n相关情况见[要情专报]({link})。\n")
    return [report]


def raw_html_the_cleaner_changes(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng)
    with report.open("a", encoding="utf-8") as file:
        file.write('\n<b onclick="x()">加粗</b><script>alert(1)</script>文字。\n')
    return [report]


def two_reports_of_one_issue(content: Path, rng: random.Random) -> list[Path]:
    folder = rng.choice(
        [r.parent for r in _reports(content) if len(list(r.parent.glob("*.md"))) > 2]
    )
    reports = sorted(p for p in folder.glob("*.md") if p.name != "index.md")[:2]
    for report in reports:
        with report.open("a", encoding="utf-8") as file:
            file.write(f"\n同期另一段：{rng.randrange(10**6)}。\n")
    return reports


def an_instruction(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng, "pishi")
    _, body = _body_of(report)
    _set_body(report, body.replace("。", "；", 1) + "\n请各地抓好落实。\n")
    return [report]


def shorten_to_one_line(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng)
    _set_body(report, "\n仅余一句示例正文。\n")
    return [report]


BODY_EDITS: list[Edit] = [
    append_paragraph,
    rewrite_with_markup,
    link_another_report,
    raw_html_the_cleaner_changes,
    two_reports_of_one_issue,
    an_instruction,
    shorten_to_one_line,
]


@pytest.fixture
def built(workspace: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path, Shown]:
    """The sample archive's copy, its configuration, and its site as shown."""
    content, config = workspace
    site = built_site(content, tmp_path / "site", "--config", config, "--no-cache")
    return content, config, _shown(content, site)


@pytest.mark.parametrize("seed", [20261127])
def test_a_quick_update_equals_a_full_build(
    built: tuple[Path, Path, Shown], tmp_path: Path, seed: int
) -> None:
    content, config, shown = built
    site = shown.site
    rng = random.Random(seed)
    steps = [*BODY_EDITS, *(rng.choice(BODY_EDITS) for _ in range(3))]
    rng.shuffle(steps)
    done: list[str] = []
    for number, edit in enumerate(steps):
        changed = edit(content, rng)
        done.append(f"{edit.__name__} {[p.name for p in changed]}")
        rels = {p.relative_to(content).as_posix() for p in changed}
        before = snapshot(site)
        assert quick_update(shown, rels) is not None, done
        after = snapshot(site)
        # Only the pages of the edited reports were written.
        assert {p for p in after if after[p] != before.get(p)} == {
            f"{p.parent.relative_to(content).as_posix()}/index.html" for p in changed
        }, done
        cold = built_site(content, tmp_path / f"cold{number}", "--config", config, "--no-cache")
        expected = snapshot(cold)
        differing = sorted(
            p for p in after.keys() | expected.keys() if after.get(p) != expected.get(p)
        )
        assert not differing, f"after {done}: {differing[:10]}"


def _front(pattern: str, new: str) -> Edit:
    def edit(content: Path, rng: random.Random) -> list[Path]:
        report = _pick(content, rng)
        text = report.read_text(encoding="utf-8")
        changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
        assert count == 1
        report.write_text(changed, encoding="utf-8")
        return [report]

    edit.__name__ = f"front {pattern}"
    return edit


def link_a_new_attachment(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng)
    (report.parent / "新附件.pdf").write_bytes(b"%PDF-1.4\n")
    with report.open("a", encoding="utf-8") as file:
        file.write("\n[附件](新附件.pdf)\n")
    return [report]


def note_of_an_issue(content: Path, rng: random.Random) -> list[Path]:
    index = _pick(content, rng).parent / "index.md"
    with index.open("a", encoding="utf-8") as file:
        file.write("\n编者按新增一句。\n")
    return [index]


def new_report(content: Path, rng: random.Random) -> list[Path]:
    source = _pick(content, rng)
    target = source.parent / "99.md"
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return [target]


def deleted_report(content: Path, rng: random.Random) -> list[Path]:
    report = _pick(content, rng)
    report.unlink()
    return [report]


@pytest.mark.parametrize(
    "edit",
    [
        _front(r"^title: .*$", "title: 改过的标题"),
        _front(r"^---\n", "---\n# 编辑备注：此行使正文下移一行\n"),
        _front(r"^---\n", "---\ntitle: [未闭合\n"),
        link_a_new_attachment,
        note_of_an_issue,
        new_report,
        deleted_report,
    ],
    ids=lambda edit: edit.__name__,
)
def test_a_change_beyond_the_body_is_left_to_the_full_build(
    built: tuple[Path, Path, Shown], edit: Edit
) -> None:
    content, _, shown = built
    site = shown.site
    before = snapshot(site)
    rels = {p.relative_to(content).as_posix() for p in edit(content, random.Random(7))}
    assert quick_update(shown, rels) is None
    assert snapshot(site) == before


def test_a_scratch_file_changes_nothing_and_a_deleted_attachment_needs_a_full_build(
    workspace: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    content, config = workspace
    report = _pick(content, random.Random(3))
    (report.parent / "附件.pdf").write_bytes(b"%PDF-1.4\n")
    with report.open("a", encoding="utf-8") as file:
        file.write("\n[附件](附件.pdf)\n")
    site = built_site(content, tmp_path / "site", "--config", config, "--no-cache")
    shown = _shown(content, site)
    attachment = (report.parent / "附件.pdf").relative_to(content).as_posix()
    assert attachment in shown.bodies.assets
    said: list[str] = []
    before = snapshot(site)
    # An editor's scratch file, written and removed again before the build.
    scratch = (report.parent / "4913").relative_to(content).as_posix()
    assert show_in_place(shown, {scratch}, lambda text, _: said.append(text))
    assert snapshot(site) == before and said == []
    (content / attachment).unlink()
    assert not show_in_place(shown, {attachment}, lambda text, _: said.append(text))
    assert snapshot(site) == before
