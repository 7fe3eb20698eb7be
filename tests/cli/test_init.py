"""``kanwu init``: a new publication that checks and builds as it is, with the
masthead and publisher as given; never written over existing files, never
left half-made."""

from __future__ import annotations

import datetime as dt
import fnmatch
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.cli import scaffold
from generator.content.diagnostics import Problems
from generator.content.load import load_journal
from tests.helpers import kanwu, snapshot

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine


def test_a_new_publication_checks_strictly_clean_and_builds(tmp_path: Path) -> None:
    result = kanwu("init", "新刊物", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    office = tmp_path / "新刊物"
    assert sorted(p.name for p in office.iterdir()) == [
        ".gitignore",
        "content",
        "empty-docs",
        "mkdocs.yml",
    ]
    check = kanwu("check", "--strict", cwd=office)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 期，1 条稿件；0 处错误，0 处警告" in check.stdout
    # The record of what is published starts empty; the example issue is
    # dated today, still a draft, so the first build records nothing.
    lock = office / "content" / "published.lock"
    assert [
        line for line in lock.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ] == []
    assert kanwu("build", cwd=office).returncode == 0
    assert [
        line for line in lock.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ] == []
    issue = office / "site" / "kuaibao" / f"{dt.date.today():%Y}" / "001" / "index.html"
    page = BeautifulSoup(issue.read_text(encoding="utf-8"), "html.parser").get_text()
    assert "示例信息" in page and "中共示例市委办公室" in page and "（甲县委办公室报送）" in page
    # What the build leaves beside the content, .gitignore keeps out of the repository.
    lines = (office / ".gitignore").read_text(encoding="utf-8").splitlines()
    ignored = [line for line in lines if line and not line.startswith("#")]
    left = {p.name for p in office.iterdir()} - {
        ".gitignore",
        "content",
        "empty-docs",
        "mkdocs.yml",
    }
    assert left >= {"site", ".kanwu-cache"}
    assert all(any(fnmatch.fnmatch(name, p.strip("/")) for p in ignored) for name in left), left


@pytest.mark.parametrize(
    "title",
    [
        "示例: 信息",
        "「示例」信息 #3",
        '"示例"信息',
        "- 示例",
        "yes",
        "2026",
        "示例\\信息",
        " [示例] ",
    ],
)
def test_any_masthead_is_kept_as_written(tmp_path: Path, title: str) -> None:
    publisher = f"{title}编印"
    result = kanwu("init", "刊物", "--title", title, "--publisher", publisher, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    journal = load_journal(tmp_path / "刊物" / "content", Problems())
    assert journal is not None
    assert (journal.title, journal.publisher) == (title.strip(), publisher.strip())


def test_a_folder_with_anything_in_it_is_refused_and_left_alone(tmp_path: Path) -> None:
    office = tmp_path / "刊物"
    office.mkdir()
    (office / "notes.txt").write_text("旧文件", encoding="utf-8")
    before = snapshot(tmp_path)
    result = kanwu("init", office, cwd=tmp_path)
    assert result.returncode == 2
    assert "已存在且不是空目录" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["刊物"]


@pytest.mark.parametrize("where", ["刊物", "."])
def test_an_empty_folder_is_filled_the_current_one_too(tmp_path: Path, where: str) -> None:
    (tmp_path / "刊物").mkdir()
    cwd = tmp_path if where != "." else tmp_path / "刊物"
    result = kanwu("init", where, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "刊物" / "content" / "journal.yml").is_file()
    assert kanwu("check", "--strict", cwd=tmp_path / "刊物").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["刊物"]


@pytest.mark.parametrize("title", ["", "  ", "示例\n信息"])
def test_an_empty_or_broken_masthead_is_a_usage_error(tmp_path: Path, title: str) -> None:
    result = kanwu("init", "刊物", "--title", title, cwd=tmp_path)
    assert result.returncode == 2
    assert "总刊头不能为空，也不能换行" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failure_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = []
    real = Path.write_text

    def failing(self: Path, *args: object, **kwargs: object) -> int:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(OSError):
        scaffold.init_publication(tmp_path / "刊物", "示例信息", "示例编印", dt.date(2026, 11, 27))
    assert written and list(tmp_path.iterdir()) == []


def test_a_publication_is_built_from_anywhere_with_its_own_mkdocs_yml(tmp_path: Path) -> None:
    """Its mkdocs.yml is found beside the content folder, so its settings
    (here the site address, which makes a sitemap) hold."""
    assert kanwu("init", "刊物", cwd=tmp_path).returncode == 0
    config = tmp_path / "刊物" / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("# site_url:", "site_url:"), encoding="utf-8")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    result = kanwu("build", "--content", "../刊物/content", "--output", "站点", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    sitemap = (elsewhere / "站点" / "sitemap.xml").read_text(encoding="utf-8")
    assert "http://xinxi.example.invalid/xinxi/kuaibao/" in sitemap
