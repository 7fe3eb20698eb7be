"""An incremental build is a cold build, only faster.

A differential test: random edits of every kind an office makes are applied
to a copy of the sample archive one after another; after each, the site built
incrementally (with the cache of the builds before it) must equal, file for
file and byte for byte, the site built from scratch without a cache. The
search index's bundles are compared by the records they hold, read back (the
names of Pagefind's files are not the same from run to run), and the digest
files of its folders are left out (they record the records' keys, which a
build without a cache computes otherwise); nothing else is declared volatile.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import built_site, kanwu, snapshot
from tests.sites import differing_files, search_records

Edit = Callable[[Path, random.Random], str]


def _reports(content: Path) -> list[Path]:
    return sorted(p for p in content.glob("*/*/*/*.md") if p.name != "index.md")


def _replace(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.MULTILINE)
    assert count == 1, (path, pattern)
    path.write_text(changed, encoding="utf-8")


def _unreferenced(content: Path, report: Path) -> bool:
    """No other file names this report (续报, 批示, ledger …), so it may go."""
    rel = report.relative_to(content).with_suffix("").as_posix()
    return not any(
        rel in p.read_text(encoding="utf-8")
        for p in content.rglob("*")
        if p.is_file() and p.suffix in (".md", ".yml") and p != report
    )


def edit_body(content: Path, rng: random.Random) -> str:
    report = rng.choice(_reports(content))
    with report.open("a", encoding="utf-8") as file:
        file.write(f"\n补充说明：第{rng.randrange(10**6)}号示例情况已核实。\n")
    return f"edit body {report}"


def edit_title(content: Path, rng: random.Random) -> str:
    report = rng.choice(_reports(content))
    _replace(report, r"^title: .*$", f"title: 示例标题之{rng.randrange(10**6)}")
    return f"edit title {report}"


def delete_report(content: Path, rng: random.Random) -> str:
    candidates = [
        r
        for r in _reports(content)
        if len(list(r.parent.glob("*.md"))) > 2 and _unreferenced(content, r)
    ]
    report = rng.choice(candidates)
    report.unlink()
    return f"delete {report}"


def add_report(content: Path, rng: random.Random) -> str:
    source = rng.choice([r for r in _reports(content) if r.parts[-4] == "kuaibao"])
    target = source.parent / f"{len(list(source.parent.glob('*.md'))) + 10:02d}.md"
    text = source.read_text(encoding="utf-8")
    target.write_text(
        re.sub(
            r"^title: .*$", f"title: 新增示例稿件{rng.randrange(10**6)}", text, count=1, flags=re.M
        ),
        encoding="utf-8",
    )
    return f"add {target}"


def add_issue(content: Path, rng: random.Random) -> str:
    year = content / "kuaibao" / "2026"
    last = max(year.iterdir(), key=lambda p: int(p.name))
    issue = year / f"{int(last.name) + 1:03d}"
    shutil.copytree(last, issue)
    for report in issue.glob("*.md"):
        if report.name != "index.md":
            _replace(report, r"^title: .*$", f"title: 新一期示例稿件{rng.randrange(10**6)}")
    return f"add issue {issue}"


def backfill_issue(content: Path, rng: random.Random) -> str:
    """A forgotten issue of last year filed late: every later 总期号 shifts by one,
    while the pages of this year list the same issues."""
    year = content / "kuaibao" / "2025"
    number = len(list(year.glob("*"))) + 1 if year.exists() else 1
    issue = year / f"{number:03d}"
    shutil.copytree(rng.choice(sorted((content / "kuaibao" / "2026").iterdir())), issue)
    _replace(issue / "index.md", r"^date: .*$", f"date: 2025-12-{10 + number:02d}")
    for report in issue.glob("*.md"):
        if report.name != "index.md":
            _replace(report, r"^title: .*$", f"title: 补报示例稿件{rng.randrange(10**6)}")
            text = report.read_text(encoding="utf-8")
            report.write_text(re.sub(r"^date: .*\n", "", text, flags=re.M), encoding="utf-8")
    return f"backfill {issue}"


def edit_issue(content: Path, rng: random.Random) -> str:
    """An issue's own file: who signed it off, or its 编者按."""
    index = rng.choice(sorted(content.glob("*/*/*/index.md")))
    if rng.random() < 0.5:
        _replace(index, r"^issuer: .*$", f"issuer: 市委办公室副主任（代{rng.randrange(100)}）")
    else:
        with index.open("a", encoding="utf-8") as file:
            file.write(f"\n编者按：请各地参照第{rng.randrange(10**6)}号示例做法。\n")
    return f"edit {index}"


def delete_issue(content: Path, rng: random.Random) -> str:
    """An issue withdrawn from the middle of a year: 总期号 of later issues shift."""
    issues = sorted((content / "kuaibao" / "2026").iterdir())[1:-1]
    candidates = [i for i in issues if all(_unreferenced(content, r) for r in i.glob("*.md"))]
    issue = rng.choice(candidates)
    shutil.rmtree(issue)
    return f"delete issue {issue}"


def change_instructed_unit(content: Path, rng: random.Random) -> str:
    """The unit of a report that an instruction is on: the instruction counts for it."""
    targets = [
        target
        for instruction in content.glob("pishi/*/*/*.md")
        for target in re.findall(r"^on: \[(.*)\]$", instruction.read_text(encoding="utf-8"), re.M)
    ]
    target = rng.choice(targets).split(",")[0].strip()
    units = re.findall(r"^- id: (\S+)$", (content / "units.yml").read_text(encoding="utf-8"), re.M)
    _replace(content / f"{target}.md", r"^unit: .*$", f"unit: {rng.choice(units)}")
    return f"change unit of {target}"


def rename_unit(content: Path, rng: random.Random) -> str:
    units = content / "units.yml"
    names = re.findall(r"^  name: (.*)$", units.read_text(encoding="utf-8"), flags=re.M)
    old = rng.choice(names)
    _replace(units, rf"^  name: {re.escape(old)}$", f"  name: {old}（更名{rng.randrange(100)}）")
    return f"rename unit {old}"


def change_journal(content: Path, rng: random.Random) -> str:
    _replace(
        content / "journal.yml", r"^publisher: .*$", f"publisher: 示例编印单位{rng.randrange(100)}"
    )
    return "change journal.yml"


def add_ledger_event(content: Path, rng: random.Random) -> str:
    report = rng.choice([r for r in _reports(content) if r.parts[-4] in ("kuaibao", "shangbao")])
    issue = (report.parent / "index.md").read_text(encoding="utf-8")
    published = dt.date.fromisoformat(re.search(r"^date: (\S+)", issue, flags=re.M).group(1))
    rel = report.relative_to(content).with_suffix("").as_posix()
    day = min(published + dt.timedelta(days=rng.randrange(1, 5)), dt.date.today())
    with (content / "ledger" / "2026.yml").open("a", encoding="utf-8") as file:
        file.write(f"- event: adopted\n  date: {day}\n  report: {rel}\n  by: 省委办公厅\n")
    return f"adopt {rel}"


def change_template(content: Path, rng: random.Random) -> str:
    theme = content.parent / "config" / "theme"
    template = rng.choice([theme / "kanwu" / "issue.html", theme / "kanwu" / "macros.html"])
    template.write_text(
        template.read_text(encoding="utf-8")
        + f"\n{{# 修订 {rng.randrange(10**6)} #}}\n<!-- 修订 -->\n",
        encoding="utf-8",
    )
    return f"change {template.name}"


EDITS: list[Edit] = [
    edit_body,
    edit_title,
    delete_report,
    add_report,
    add_issue,
    backfill_issue,
    edit_issue,
    delete_issue,
    change_instructed_unit,
    rename_unit,
    change_journal,
    add_ledger_event,
    change_template,
]


@pytest.mark.parametrize("seed", [20261127])
def test_each_incremental_build_equals_a_cold_build(
    workspace: tuple[Path, Path], tmp_path: Path, seed: int
) -> None:
    content, config = workspace
    # With the search index, compared below by the records it holds.
    config.write_text(
        config.read_text(encoding="utf-8").replace("      search: false\n", ""), encoding="utf-8"
    )
    rng = random.Random(seed)
    steps = [*EDITS, *(rng.choice(EDITS) for _ in range(3))]
    rng.shuffle(steps)
    site, cache = tmp_path / "site", tmp_path / "cache"
    built_site(content, site, "--config", config, "--cache", cache)
    done: list[str] = []
    for number, edit in enumerate(steps):
        done.append(edit(content, rng))
        built_site(content, site, "--config", config, "--cache", cache)
        cold = built_site(content, tmp_path / f"cold{number}", "--config", config, "--no-cache")
        differing = differing_files(site, cold)
        assert not differing, f"after {done}: {differing[:10]}"
        records = search_records(site)
        assert records, "no search index"
        assert records == search_records(cold), f"after {done}: the search index differs"
        shutil.rmtree(cold)


def test_an_unchanged_archive_is_not_rendered_again(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    site, cache = tmp_path / "site", tmp_path / "cache"
    built_site(content, site, "--config", config, "--cache", cache)
    pages = {p: p.stat().st_ino for p in (cache / "pages").rglob("*.html")}
    assert len(pages) > 100
    built_site(content, site, "--config", config, "--cache", cache)
    # The same stored page files, linked into the new site, none written anew.
    assert {p: p.stat().st_ino for p in (cache / "pages").rglob("*.html")} == pages
    issue = site / "kuaibao" / "2026" / "181" / "index.html"
    assert issue.stat().st_ino in pages.values()


def _bodies(cache: Path) -> list[Path]:
    """The files of stored body renderings (one per series and year)."""
    files = sorted((cache / "bodies").glob("*.pickle"))
    assert files
    return files


def _flip_a_byte(path: Path) -> None:
    """Change one byte in the middle of a body's HTML, as a bad disk would."""
    data = bytearray(path.read_bytes())
    middle = data.find(b"<p>", len(data) // 2)
    middle = middle if middle >= 0 else data.index(b"<p>")
    data[middle + 1] = ord("q")
    path.write_bytes(bytes(data))


def _flip_in_templates(cache: Path) -> None:
    """Change a letter of the HTML each compiled template writes, where it
    writes a class attribute: trusted, the pages would show it."""
    flipped = 0
    for path in (cache / "templates").rglob("*.jinja"):
        data = path.read_bytes()
        if b'class="' in data:
            path.write_bytes(data.replace(b'class="', b'klass="', 1))
            flipped += 1
    assert flipped


@pytest.mark.parametrize(
    "damage",
    [
        lambda cache: (cache / "pages.json").write_text("{不是 JSON", encoding="utf-8"),
        lambda cache: [p.write_bytes(b"\x80\x05garbage") for p in _bodies(cache)],
        lambda cache: [_flip_a_byte(p) for p in _bodies(cache)],
        lambda cache: [
            p.write_text("篡改", encoding="utf-8") for p in (cache / "pages").rglob("*.html")
        ],
        lambda cache: [p.unlink() for p in (cache / "pages").rglob("*.html")],
        _flip_in_templates,
    ],
    ids=[
        "manifest",
        "bodies",
        "bodies-bit-flipped",
        "pages-rewritten",
        "pages-deleted",
        "templates-altered",
    ],
)
def test_a_damaged_cache_is_ignored_never_trusted(
    workspace: tuple[Path, Path], tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    content, config = workspace
    site, cache = tmp_path / "site", tmp_path / "cache"
    built_site(content, site, "--config", config, "--cache", cache)
    damage(cache)
    edit_body(content, random.Random(1))
    built_site(content, site, "--config", config, "--cache", cache)
    cold = built_site(content, tmp_path / "cold", "--config", config, "--no-cache")
    assert snapshot(site) == snapshot(cold)


@pytest.mark.parametrize("where", ["content/.kanwu-cache", "site/cache"])
def test_a_cache_inside_the_content_or_the_output_is_refused(
    workspace: tuple[Path, Path], tmp_path: Path, where: str
) -> None:
    content, config = workspace
    before = snapshot(content)
    result = kanwu(
        *("build", "--content", content, "--output", tmp_path / "site"),
        *("--config", config, "--cache", tmp_path / where),
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "缓存目录" in result.stderr
    assert snapshot(content) == before
    assert not (tmp_path / where).exists()
