"""Nothing outside the content folder is read, and no file name, link or depth
gives a traceback: every folder is walked without following links."""

from __future__ import annotations

import functools
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.diagnostics import Problem
from generator.content.folders import MAX_DEPTH
from generator.content.load import load
from generator.content.model import canonical_report_id
from generator.content.names import shown
from generator.content.pipeline import load_and_validate
from tests.helpers import KANWU, problems_in, write

ISSUE = "kuaibao/2026/001"
OUTSIDE = "符号链接指向内容目录之外"


def _errors(root: Path) -> list[Problem]:
    return [p for p in problems_in(root) if p.severity == "error"]


def _assets(root: Path) -> set[str]:
    publication, _ = load(root)
    assert publication is not None
    return {a for i in publication.issues for r in i.reports for a in (*i.assets, *r.assets)}


def test_link_to_etc_passwd_is_named_and_not_published(content: Path) -> None:
    """…while a link to a file inside the content folder is read as usual."""
    (content / ISSUE / "img").mkdir()
    os.symlink("/etc/passwd", content / ISSUE / "img/p.txt")
    write(content, "kuaibao/2026/002/图.png", b"\x89PNG")
    os.symlink("../../002/图.png", content / ISSUE / "img/图.png")
    body = "\n[附件](img/p.txt) ![图](img/图.png)\n"
    write(content, f"{ISSUE}/02.md", (content / ISSUE / "02.md").read_text(encoding="utf-8") + body)
    found = [str(p) for p in _errors(content)]
    assert f"{ISSUE}/img/p.txt:1: {OUTSIDE}（/etc/passwd），不会读取或发布" in found
    assert f"{ISSUE}/02.md:8: 链接或图片 img/p.txt 经符号链接指向内容目录之外，不会发布" in found
    assert len(found) == 2
    assert _assets(content) == {f"{ISSUE}/img/图.png"}


# (where the link is, what it points to, what the message says)
LINKS = {
    "root folder in an issue's img": (f"{ISSUE}/img/r", "/", OUTSIDE),
    "file deep in img": (f"{ISSUE}/img/a/b/p.txt", "/etc/passwd", OUTSIDE),
    "in a hidden folder": (".cache/r", "/", OUTSIDE),
    "in an underscore folder of an issue": (f"{ISSUE}/_old/r", "/", OUTSIDE),
    "in an unknown series": ("jiu/2026/001/img/r", "/", OUTSIDE),
    "in a badly named year": ("kuaibao/26/r", "/", OUTSIDE),
    "in a ledger subfolder": ("ledger/old/r", "/", OUTSIDE),
    "a ledger file": ("ledger/2025.yml", "/etc/passwd", OUTSIDE),
    "the ledger folder": ("ledger", "/etc", OUTSIDE),
    "a series folder": ("kuaibao/2025", "/", OUTSIDE),
    "a report": (f"{ISSUE}/03.md", "/etc/hostname", OUTSIDE),
    "dangling": (f"{ISSUE}/img/gone.png", "nowhere.png", "符号链接指向的文件不存在"),
    "a folder inside": (f"{ISSUE}/img/up", "..", "不支持指向目录的符号链接"),
    "a loop": (f"{ISSUE}/img/loop", "loop", "符号链接指向的文件不存在"),
}


@pytest.mark.parametrize("case", LINKS.values(), ids=LINKS.keys())
def test_refused_links_are_named_at_every_depth(content: Path, case: tuple[str, str, str]) -> None:
    where, target, message = case
    (content / where).parent.mkdir(parents=True, exist_ok=True)
    if where == "ledger":
        os.rename(content / "ledger", content / "ledger-old")
    os.symlink(target, content / where)
    started = time.monotonic()
    found = [p for p in _errors(content) if p.path == where]
    assert time.monotonic() - started < 10
    assert len(found) == 1 and found[0].line == 1, found
    assert message in found[0].message and found[0].message.endswith("不会读取或发布")


def test_build_with_a_link_to_root_stops_quickly(content: Path, tmp_path: Path) -> None:
    (content / ISSUE / "img").mkdir()
    os.symlink("/", content / ISSUE / "img/r")
    message = f"{ISSUE}/img/r:1: {OUTSIDE}（/），不会读取或发布"
    # Before, MkDocs walked the whole disk through the link: a short timeout
    # makes that a failure rather than a hang.
    run = functools.partial(subprocess.run, capture_output=True, text=True, timeout=60)
    built = run([KANWU, "build", "--content", content, "--output", tmp_path / "out"])
    checked = run([KANWU, "check", "--content", content])
    assert built.returncode == 1 and message in built.stdout + built.stderr
    assert checked.returncode == 1 and message in checked.stdout + checked.stderr
    assert not (tmp_path / "out").exists()


@pytest.fixture
def deep_chain(content: Path) -> Iterator[Callable[[str], None]]:
    """Makes a chain of 1,100 folders, and removes it bottom-up afterwards:
    os.makedirs and shutil.rmtree (pytest's cleanup) recurse per level."""
    made: list[Path] = []

    def make(under: str) -> None:
        deep = content / under
        deep.mkdir(parents=True, exist_ok=True)
        for _ in range(1100):
            deep = deep / "d"
            deep.mkdir()
            made.append(deep)
        write(deep, "x.md", "深处")

    yield make
    (made[-1] / "x.md").unlink()
    for folder in reversed(made):
        folder.rmdir()


@pytest.mark.parametrize("under", [f"{ISSUE}/img", ".git", "kuaibao/misc", "ledger/old"])
def test_a_folder_1100_levels_deep_is_one_error(
    content: Path, deep_chain: Callable[[str], None], under: str
) -> None:
    deep_chain(under)
    found = [p for p in _errors(content) if "目录层级过深" in p.message]
    assert len(found) == 1
    assert found[0].path.count("/") == MAX_DEPTH - 1, found[0].path


YEAR_NAMES = ["２０２６", "٢٠٢٦", "２026", "२०२६"]
ISSUE_NAMES = ["０３５", "٣٥", "²", "①", "३५"]


@pytest.mark.parametrize("name", YEAR_NAMES)
def test_a_year_folder_of_other_digits_is_named(content: Path, name: str) -> None:
    write(content, f"kuaibao/{name}/001/index.md", "---\ndate: 2026-03-02\n---\n")
    found = [p for p in _errors(content) if p.path == f"kuaibao/{name}"]
    assert len(found) == 1 and "应为四位数字" in found[0].message


@pytest.mark.parametrize("name", ISSUE_NAMES)
def test_an_issue_folder_of_other_digits_is_named(content: Path, name: str) -> None:
    write(content, f"kuaibao/2026/{name}/index.md", "---\ndate: 2026-03-02\n---\n")
    found = [p for p in _errors(content) if p.path == f"kuaibao/2026/{name}"]
    assert len(found) == 1 and "应为正整数" in found[0].message


def test_full_width_year_does_not_hide_an_issue(content: Path) -> None:
    write(content, "kuaibao/２０２６/001/index.md", "---\ndate: 2026-03-02\n---\n")
    publication, problems = load(content)
    assert publication is not None
    assert [i.path for i in publication.issues].count(ISSUE) == 1
    assert [p.path for p in problems.errors] == ["kuaibao/２０２６"]


@pytest.mark.parametrize("number", ["²", "０３５", "٣٥", "①"])
def test_report_ids_with_other_digits_are_not_numbers(content: Path, number: str) -> None:
    reference = f"kuaibao/2026/{number}/01"
    assert canonical_report_id(reference) == reference
    write(
        content,
        "ledger/2026.yml",
        f"- event: adopted\n  date: 2026-03-13\n  report: {reference}\n  by: 省委办公厅\n",
    )
    found = [p for p in _errors(content) if p.path == "ledger/2026.yml"]
    assert [(p.line, f'稿件 "{reference}" 不存在' in p.message) for p in found] == [(3, True)]


@pytest.mark.parametrize("month", ["２０２６-03", "2026-０３", "٢٠٢٦-03"])
def test_best_of_month_in_other_digits_is_refused(content: Path, month: str) -> None:
    write(
        content,
        "ledger/2026.yml",
        f"- event: best\n  date: 2026-03-31\n  month: {month}\n  reports: [kuaibao/2026/001/01]\n",
    )
    found = [p for p in _errors(content) if p.path == "ledger/2026.yml"]
    assert [p.line for p in found] == [3] and "应为 YYYY-MM" in found[0].message


def _printable(problem: Problem) -> bool:
    line = str(problem)
    line.encode("utf-8")  # a name that is not UTF-8 must not reach the console
    return "\n" not in line and "\r" not in line


UNUSABLE_NAMES = {
    "newline": "a\nb.md",
    "carriage return": "a\rb",
    "line separator": "a\u2028b.md",
    "not utf-8": os.fsdecode(b"\xff\xfe.md"),
    "not utf-8 folder": os.fsdecode(b"bad\xe9"),
}
PLACES = ["", "kuaibao", "kuaibao/2026", ISSUE, f"{ISSUE}/img", "ledger"]


def _plant(root: Path, place: str, name: str, folder: bool) -> None:
    path = root / place / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        path.mkdir()
        (path / "01.md").write_text("---\ntitle: 甲\n---\n", encoding="utf-8")
    else:
        path.write_text("---\ntitle: 甲\n---\n", encoding="utf-8")


@pytest.mark.parametrize("folder", [False, True], ids=["file", "folder"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("name", UNUSABLE_NAMES.values(), ids=UNUSABLE_NAMES.keys())
def test_unusable_names_are_named_not_used(
    content: Path, name: str, place: str, folder: bool
) -> None:
    _plant(content, place, name, folder)
    _, problems = load_and_validate(content)
    assert all(_printable(p) for p in problems)
    where = f"{place}/{shown(name)}".lstrip("/")
    assert [p.path for p in problems.errors if "名称" in p.message] == [where]


# Names that raised where the loader reads numbers and sorts: int("²"), and
# comparing the sort keys of "a" and "a1".
@pytest.mark.parametrize("names", [["²"], ["a", "a1"]], ids=["²", "a-a1"])
@pytest.mark.parametrize("place", ["", "kuaibao", "kuaibao/2026", ISSUE])
def test_names_that_raised_are_read(content: Path, names: list[str], place: str) -> None:
    for name in names:
        _plant(content, place, name, folder=True)
    _, problems = load_and_validate(content)
    assert all(_printable(p) for p in problems)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    names=st.lists(
        st.one_of(
            st.text(min_size=1, max_size=30).filter(lambda n: "/" not in n and "\x00" not in n),
            st.binary(min_size=1, max_size=30)
            .filter(lambda b: b"/" not in b and b"\x00" not in b)
            .map(os.fsdecode),
        ).filter(lambda n: n not in (".", "..") and len(os.fsencode(n)) < 250),
        min_size=1,
        max_size=4,
    ),
    place=st.sampled_from(PLACES),
    folder=st.booleans(),
)
def test_no_name_gives_a_traceback(
    content: Path, names: list[str], place: str, folder: bool
) -> None:
    made = []
    for name in names:
        if (content / place / name).exists():
            continue
        _plant(content, place, name, folder)
        made.append(content / place / name)
    try:
        _, problems = load_and_validate(content)
        assert all(_printable(p) for p in problems)
    finally:
        for path in made:
            if path.is_dir():
                (path / "01.md").unlink()
                path.rmdir()
            else:
                path.unlink()
