"""A load that reuses the cache equals a load without it, whatever changed."""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.content import load_cache
from generator.content.diagnostics import Problem
from generator.content.model import Publication
from generator.content.pipeline import load_and_validate
from tests.helpers import FIXTURES

SAFE_BODY = "两地联合巡河，纯属虚构。\n"
BODIES = (
    SAFE_BODY,
    "",
    "（在此撰写正文。每段之间空一行。）\n",
    "正文<script>alert(1)</script>\n",
    "见[附件](att.pdf)与![图](img.png)。\n",
    "见[附件](sub/att.pdf)。\n",
    "见[外部](../../../../../etc/passwd)。\n",
    "见[网页](page.html)与[稿件](01.md)。\n",
)
FRONT_LINES = (
    "category: 经济\n",
    "category: 未知分类\n",
    "kind: 调研\n",
    "titel: 拼错的字段\n",
    "follows: kuaibao/2026/001/01\n",
    "follows: kuaibao/2026/009/01\n",
    "date: 2026-02-30\n",
    "date: 2026-03-01\n",
    "tags: []\n",
    "unit: nobody\n",
    "on: [kuaibao/2026/001/02]\n",
    "title: [没有闭合\n",
    "leader: 市委主要负责同志\n",
    "2026: 数字作键\n",
    "2026-03-01: 日期作键\n",
)


def _observed(root: Path, cache: Path | None) -> tuple[Publication | None, list[Problem], Any]:
    publication, problems = load_and_validate(root, cache)
    # Lines are left out of ==, but messages and pages use them.
    lines = None
    if publication is not None:
        lines = [
            (issue.lines, [report.lines for report in issue.reports])
            for issue in publication.issues
        ]
    return publication, list(problems), lines


def assert_same(root: Path, cache: Path) -> None:
    cached = _observed(root, cache)
    assert cached == _observed(root, None)


def _reports(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if p.name != "index.md")


def _rewrite_keeping_stat(path: Path, old: bytes, new: bytes) -> None:
    """Same size, same mtime, other bytes: only the hash (or ctime) can tell."""
    assert len(old) == len(new)
    info = path.stat()
    data = path.read_bytes()
    if old in data:
        with open(path, "r+b") as file:  # in place: the inode stays
            file.write(data.replace(old, new, 1))
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


class Editor:
    """Random edits of a copy of the minimal fixture, of every kind that
    changes what loading sees."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.journal = (root / "journal.yml").read_text(encoding="utf-8")
        self.units = (root / "units.yml").read_text(encoding="utf-8")
        self.ledger = (root / "ledger/2026.yml").read_text(encoding="utf-8")

    def edits(self) -> list[Callable[[], None]]:
        return [
            self.front_matter,
            self.front_matter,
            self.body,
            self.body,
            self.break_yaml,
            self.delete_report,
            self.add_report,
            self.add_attachment,
            self.delete_attachment,
            self.journal_yml,
            self.units_yml,
            self.same_size_and_mtime,
            self.not_utf8,
            self.issue_index,
            self.ledger_yml,
            self.symlink,
        ]

    def step(self) -> None:
        self.rng.choice(self.edits())()

    def _report(self) -> Path:
        return self.rng.choice(_reports(self.root))

    def _write(self, path: Path, front: str, body: str) -> None:
        if path.is_symlink():
            path.unlink()
        path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")

    def front_matter(self) -> None:
        path = self._report()
        lines = ["title: 示例稿件\n", "unit: jiaxian\n"]
        lines += self.rng.sample(FRONT_LINES, self.rng.randint(0, 3))
        self._write(path, "".join(lines), self.rng.choice(BODIES))

    def body(self) -> None:
        path = self._report()
        text = path.read_text(encoding="utf-8", errors="replace")
        head, fence, _ = text.rpartition("---\n")
        if path.is_symlink():
            path.unlink()
        path.write_text(head + fence + self.rng.choice(BODIES), encoding="utf-8")

    def break_yaml(self) -> None:
        path = self._report()
        self._write(path, "title: 示例: 稿件: [\nunit: jiaxian\n", SAFE_BODY)

    def delete_report(self) -> None:
        reports = _reports(self.root)
        if len(reports) > 2:
            self.rng.choice(reports).unlink()

    def add_report(self) -> None:
        issue = self.rng.choice(sorted(self.root.rglob("index.md"))).parent
        name = f"{self.rng.randint(3, 9):02d}.md"
        unit = self.rng.choice(["jiaxian", "yiqu", "nobody"])
        self._write(issue / name, f"title: 新稿件\nunit: {unit}\n", self.rng.choice(BODIES))

    def _attachment(self) -> Path:
        issue = self.rng.choice(sorted(self.root.rglob("index.md"))).parent
        return issue / self.rng.choice(["att.pdf", "img.png", "sub/att.pdf", "page.html"])

    def add_attachment(self) -> None:
        path = self._attachment()
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"%PDF-1.4 fictional")

    def delete_attachment(self) -> None:
        attachments = [p for p in self.root.rglob("*") if p.suffix in (".pdf", ".png", ".html")]
        if attachments:
            self.rng.choice(attachments).unlink()

    def journal_yml(self) -> None:
        variants = (
            self.journal,
            self.journal.replace("    type: instructions\n", ""),
            self.journal.replace("id: pishi", "id: pishi2"),
            "title: [坏的\n",
            self.journal.replace("categories: [政治, 经济,", "categories: [政治,"),
        )
        (self.root / "journal.yml").write_text(self.rng.choice(variants), encoding="utf-8")

    def units_yml(self) -> None:
        variants = (self.units, self.units.replace("id: yiqu", "id: yiqu2"), "- id: [\n")
        (self.root / "units.yml").write_text(self.rng.choice(variants), encoding="utf-8")

    def same_size_and_mtime(self) -> None:
        path = self._report()
        if not path.is_symlink():
            pairs = ((b"jiaxian", b"jiaxiao"), ("社会".encode(), "经济".encode()), (b"01", b"02"))
            old, new = self.rng.choice(pairs)
            _rewrite_keeping_stat(path, old, new)

    def not_utf8(self) -> None:
        path = self._report()
        if path.is_symlink():
            path.unlink()
        path.write_bytes(b"---\ntitle: \xff\xfe\nunit: jiaxian\n---\n")

    def issue_index(self) -> None:
        path = self.rng.choice(sorted(self.root.rglob("index.md")))
        year = path.parent.parent.name
        date = self.rng.choice([f"{year}-03-02", f"{year}-02-30", "2025-03-02", "[坏"])
        front = f"date: {date}\ntopic: 示例主题\n" if self.rng.random() < 0.7 else "issuer:\n"
        path.write_text(f"---\n{front}---\n{self.rng.choice(BODIES)}", encoding="utf-8")

    def ledger_yml(self) -> None:
        extra = "- event: adopted\n  date: 2026-03-20\n  report: kuaibao/2026/001/02\n  by: 省委办公厅\n"
        variants = (self.ledger, self.ledger + extra, self.ledger + "- event: [\n", "")
        (self.root / "ledger/2026.yml").write_text(self.rng.choice(variants), encoding="utf-8")

    def symlink(self) -> None:
        reports = [p for p in _reports(self.root) if not p.is_symlink()]
        if len(reports) > 2:
            link, target = self.rng.sample(reports, 2)
            link.unlink()
            link.symlink_to(os.path.relpath(target, link.parent))


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def _aged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of the content and a cache folder, with the clock a minute
    ahead: the files look old enough for their stat to be trusted."""
    monkeypatch.setattr(load_cache, "_clock", lambda: time.time_ns() + 60 * 10**9)
    return _copy(tmp_path), tmp_path / "cache"


@pytest.mark.parametrize("seed", range(6))
def test_a_cached_load_equals_an_uncached_one_after_every_random_edit(
    tmp_path: Path, seed: int
) -> None:
    root, cache = _copy(tmp_path), tmp_path / "cache"
    editor = Editor(root, random.Random(seed))
    assert_same(root, cache)
    for _ in range(30):
        editor.step()
        assert_same(root, cache)


@pytest.mark.parametrize("seed", range(3))
def test_trusted_file_stats_still_see_every_edit(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files look old (the clock runs a minute ahead), so unchanged stats are
    trusted without reading the file; every edit must still be seen, also a
    rewrite that keeps size and mtime (its ctime moves)."""
    root, cache = _aged_copy(tmp_path, monkeypatch)
    editor = Editor(root, random.Random(seed))
    assert_same(root, cache)
    for _ in range(20):
        time.sleep(0.02)  # a tick of the file system clock between edits
        editor.step()
        assert_same(root, cache)


@pytest.mark.parametrize("seed", range(3))
def test_equal_stamps_mean_equal_results_after_every_random_edit(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The incremental build digests a report by its stamp: whatever the
    edit, a file whose stamp did not change gave an equal result (files
    trusted by their stat included: the clock runs a minute ahead)."""
    root, cache = _aged_copy(tmp_path, monkeypatch)
    editor = Editor(root, random.Random(seed))
    before = _stamped(root, cache)
    assert before  # a load with a cache stamps what it read
    restamped = 0
    for _ in range(20):
        time.sleep(0.02)
        editor.step()
        after = _stamped(root, cache)
        for path, (result, stamp) in after.items():
            if path not in before:
                continue
            if before[path][1] == stamp:
                assert _value(before[path][0]) == _value(result), path
            else:
                restamped += 1
        before = after
    assert restamped  # the edits did change stamps


def _stamped(root: Path, cache: Path) -> dict[str, tuple[object, bytes]]:
    publication, _ = load_and_validate(root, cache)
    return dict(publication.stamps) if publication is not None else {}


def _value(result: object) -> tuple[object, object]:
    # Lines are left out of ==, but messages and pages use them.
    return result, getattr(result, "lines", None)


def test_a_load_without_a_cache_stamps_nothing(tmp_path: Path) -> None:
    publication, _ = load_and_validate(_copy(tmp_path))
    assert publication is not None
    assert publication.stamps == {}


def _recording_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files loading reads as text from now on, in order."""
    reads: list[str] = []
    real_decode = load_cache.decode_text
    monkeypatch.setattr(
        load_cache,
        "decode_text",
        lambda raw, rel, problems: reads.append(rel) or real_decode(raw, rel, problems),
    )
    return reads


def test_an_unchanged_archive_is_neither_read_nor_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also after an edit: the load that sees it remembers it."""
    root, cache = _aged_copy(tmp_path, monkeypatch)
    load_and_validate(root, cache)
    (root / "kuaibao/2026/001/02.md").write_text("---\ntitle: 改过\nunit: yiqu\n---\n正文\n")
    load_and_validate(root, cache)
    written = _shards(cache)
    reads = _recording_reads(monkeypatch)
    assert_same(root, cache)
    assert reads == []
    assert _shards(cache) == written


def test_a_rewrite_that_keeps_size_and_mtime_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout or a copy may keep a file's size and mtime; its change time
    still moves, so the stat no longer matches and the bytes decide."""
    root, cache = _aged_copy(tmp_path, monkeypatch)
    load_and_validate(root, cache)
    time.sleep(0.02)
    _rewrite_keeping_stat(root / "kuaibao/2026/001/02.md", "社会".encode(), "经济".encode())
    publication, _ = load_and_validate(root, cache)
    assert publication is not None
    assert publication.issues[0].reports[1].category == "经济"
    assert_same(root, cache)


def test_a_racy_file_is_read_again_although_its_stat_did_not_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system whose clock did not tick between two writes: same size,
    mtime, ctime and inode. A stat that young is not trusted."""
    root, cache = _copy(tmp_path), tmp_path / "cache"
    report = root / "kuaibao/2026/001/02.md"
    frozen = report.lstat()
    real_lstat = load_cache._lstat

    def lstat(path: str) -> Any:
        if path != os.fspath(report):
            return real_lstat(path)
        info = real_lstat(path)
        return SimpleNamespace(
            st_mode=info.st_mode,
            st_size=info.st_size,
            st_mtime_ns=frozen.st_mtime_ns,
            st_ctime_ns=frozen.st_ctime_ns,
            st_ino=frozen.st_ino,
        )

    monkeypatch.setattr(load_cache, "_lstat", lstat)
    load_and_validate(root, cache)
    _rewrite_keeping_stat(report, "社会".encode(), "经济".encode())
    publication, _ = load_and_validate(root, cache)
    assert publication is not None
    assert publication.issues[0].reports[1].category == "经济"
    assert_same(root, cache)


def _entries(cache: Path) -> dict[Any, Any]:
    """Every entry the cache holds, whichever shard holds it."""
    return {
        key: entry for shard in load_cache._read_all(cache).values() for key, entry in shard.items()
    }


def _shards(cache: Path) -> dict[str, int]:
    """Each file in the cache folder and when it was written."""
    return {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}


def _files(root: Path) -> int:
    """How many files loading reads one by one: Markdown and ledger files."""
    return len(list(root.rglob("*.md"))) + len(list(root.glob("ledger/*.yml")))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(
            lambda data: data.replace("纯属虚构".encode(), "纯属虚拟".encode(), 1),
            id="a-character-changed-in-a-body",
        ),
        pytest.param(lambda data: os.urandom(len(data)), id="garbage"),
        pytest.param(
            lambda data: data[:-40] + bytes([data[-40] ^ 1]) + data[-39:], id="one-bit-flipped"
        ),
        pytest.param(
            lambda data: data.replace(load_cache.FORMAT, b"kanwu load cache 0\n"), id="old-format"
        ),
    ],
)
def test_damaged_cache_files_are_ignored_and_replaced(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_and_validate(root, cache)
    damaged = []
    for file in cache.iterdir():
        data = file.read_bytes()
        if damage(data) != data:
            file.write_bytes(damage(data))
            damaged.append(file)
    assert damaged
    assert [load_cache._read(file) for file in damaged] == [{} for _ in damaged]
    (root / "kuaibao/2026/001/02.md").write_text("---\ntitle: 改过\nunit: yiqu\n---\n正文\n")
    assert_same(root, cache)
    assert len(_entries(cache)) == _files(root)  # rewritten whole


def test_a_cache_written_by_other_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = _copy(tmp_path), tmp_path / "cache"
    load_and_validate(root, cache)
    assert _entries(cache)
    monkeypatch.setattr(load_cache, "_HEADER", load_cache.FORMAT + bytes(16))
    assert _entries(cache) == {}


def test_front_matter_keys_that_yaml_reads_as_numbers_or_dates_are_remembered(
    tmp_path: Path,
) -> None:
    root, cache = _copy(tmp_path), tmp_path / "cache"
    report = root / "kuaibao/2026/001/02.md"
    report.write_text(
        "---\ntitle: 示例\nunit: yiqu\n2026: 数字\n2026-03-01: 日期\n1.5: 小数\n---\n正文\n"
    )
    load_and_validate(root, cache)
    assert ("report", "kuaibao/2026/001/02.md") in _entries(cache)
    assert_same(root, cache)


def test_a_change_to_any_module_of_the_content_package_changes_the_code_digest(
    tmp_path: Path,
) -> None:
    package = tmp_path / "content"
    shutil.copytree(Path(load_cache.__file__).parent, package)
    before = load_cache.code_digest(package)
    assert before == load_cache.code_digest(Path(load_cache.__file__).parent)
    schema = package / "schema.py"
    schema.write_text(schema.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert load_cache.code_digest(package) != before


def test_the_cache_keeps_only_what_the_last_load_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = _aged_copy(tmp_path, monkeypatch)
    load_and_validate(root, cache)
    size = sum(path.stat().st_size for path in cache.iterdir())
    report = root / "kuaibao/2026/001/02.md"
    for number in range(30):
        report.write_text(f"---\ntitle: 第{number}版\nunit: jiaxian\n---\n{'正文' * number}\n")
        load_and_validate(root, cache)
    load_and_validate(root, cache)  # every stat trusted: nothing read
    (root / "kuaibao/2026/002/01.md").unlink()
    load_and_validate(root, cache)
    entries = _entries(cache)
    assert len(entries) == _files(root)
    assert ("report", "kuaibao/2026/002/01.md") not in entries
    assert sum(path.stat().st_size for path in cache.iterdir()) < size + 1000
    assert len(_shards(cache)) == 4  # kuaibao, yaoqing and pishi of 2026, the ledger
    shutil.rmtree(root / "yaoqing")
    load_and_validate(root, cache)
    assert len(_shards(cache)) == 3
    assert len(_entries(cache)) == _files(root)


def _cached_loads(root: str, cache: str, times: int) -> int:
    for _ in range(times):
        load_and_validate(Path(root), Path(cache))
    return times


def test_builds_at_the_same_time_leave_a_usable_cache(tmp_path: Path) -> None:
    root, cache = _copy(tmp_path), tmp_path / "cache"
    with ProcessPoolExecutor(2) as pool:
        runs = [pool.submit(_cached_loads, str(root), str(cache), 15) for _ in range(2)]
        for number in range(15):
            (root / "kuaibao/2026/001/02.md").write_text(f"---\ntitle: 第{number}版\n---\n正文\n")
        assert [run.result() for run in runs] == [15, 15]
    assert len(_entries(cache)) == _files(root)
    assert all(name.endswith(load_cache.SHARD_SUFFIX) for name in _shards(cache))
    assert_same(root, cache)


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    blocked = tmp_path / "file"
    blocked.write_text("不是目录")
    assert _observed(root, blocked / "cache") == _observed(root, None)


EVERY_EVENT = """\
- {event: adopted, date: 2026-03-13, report: kuaibao/2026/001/01, by: 省委办公厅}
- {event: best, date: 2026-03-31, month: 2026-03, reports: [kuaibao/2026/001/01]}
- {event: progress, date: 2026-03-18, report: kuaibao/2026/001/01, unit: yiqu, status: 办理中}
- {event: criticism, date: 2026-03-18, unit: yiqu, reason: 迟报}
- {event: bonus, date: 2026-03-18, unit: yiqu, points: 2, reason: 调研深入}
- {event: closed, date: 2026-03-18, report: kuaibao/2026/001/01}
- {event: erratum, date: 2026-03-18, report: kuaibao/2026/001/01, change: 改字, reason: 笔误}
- {event: award, date: 2026-12-31, year: 2026, reports: [kuaibao/2026/001/01]}
"""


def test_a_ledger_with_every_kind_of_event_is_kept_in_the_cache(tmp_path: Path) -> None:
    """An event the cache may not unpickle would make the whole shard holding
    the ledger unreadable, so every load would read it again."""
    from generator.content.ledger import EVENT_FIELDS

    assert {line.split(",")[0].split()[-1] for line in EVERY_EVENT.splitlines()} == set(
        EVENT_FIELDS
    )
    root, cache = _copy(tmp_path), tmp_path / "cache"
    (root / "ledger").mkdir(exist_ok=True)
    (root / "ledger/every.yml").write_text(EVERY_EVENT, encoding="utf-8")
    load_and_validate(root, cache)
    entry = _entries(cache)[("ledger", "ledger/every.yml")]
    assert len(entry.result) == len(EVENT_FIELDS)
    assert_same(root, cache)


def test_a_read_only_load_uses_the_cache_and_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kanwu check`` reads what a build kept and writes nothing: not even
    after an edit, and no folder where there was none."""
    root, cache = _aged_copy(tmp_path, monkeypatch)
    load_and_validate(root, cache)
    (root / "kuaibao/2026/001/02.md").write_text("---\ntitle: 改过\nunit: nobody\n---\n正文\n")
    written = _shards(cache)
    reads = _recording_reads(monkeypatch)
    publication, problems = load_and_validate(root, cache, read_only=True)
    assert reads == ["kuaibao/2026/001/02.md"]  # only the edited file is read again
    assert publication is not None and publication.stamps
    uncached = load_and_validate(root)[1]
    assert sorted(problems) == sorted(uncached)
    assert _shards(cache) == written
    missing = tmp_path / "no-cache"
    load_and_validate(root, missing, read_only=True)
    assert not missing.exists()
