"""What a publish re-indexes: the bundle of the new issue, not the bundle of
the issue before it, whose page (its link to the next issue) changed but
whose search record did not."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import append_issue, generate
from generator.build.index import INDEX_DIR
from generator.build.terms import FOLDER as TERMS
from tests.build.test_index_shards import ISSUES_PER_YEAR, MONTH, YEARS
from tests.helpers import built_site


def _inodes(bundle: Path) -> dict[str, int]:
    return {
        p.relative_to(bundle).as_posix(): p.stat().st_ino for p in bundle.rglob("*") if p.is_file()
    }


# 要情专报 has one issue a year here: its previous issue is in last year's
# bundle. 每日快报's is in the newest month's own bundle.
@pytest.mark.parametrize("series", ["yaoqing", "kuaibao"])
def test_a_new_issue_reindexes_only_the_newest_month(tmp_path: Path, series: str) -> None:
    corpus = generate(tmp_path / "content", years=3, issues_per_year=ISSUES_PER_YEAR, seed=3)
    site = built_site(corpus.root, tmp_path / "site")
    before = {year: _inodes(site / INDEX_DIR / year) for year in YEARS}
    month = _inodes(site / INDEX_DIR / MONTH)

    append_issue(corpus.root, series=series)
    built_site(corpus.root, site)

    assert {year: _inodes(site / INDEX_DIR / year) for year in YEARS} == before
    assert _inodes(site / INDEX_DIR / MONTH) != month


def test_term_lists_written_anew_are_taken_over_by_the_next_publish(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "content", years=3, issues_per_year=ISSUES_PER_YEAR, seed=3)
    site = built_site(corpus.root, tmp_path / "site")
    # A report of an older year edited: its year's bundle changes, and with it
    # the term lists, which cover every bundle but the newest.
    report = sorted((corpus.root / "kuaibao" / YEARS[1]).glob("*/0*.md"))[0]
    report.write_text(report.read_text(encoding="utf-8") + "\n补记一句。\n", encoding="utf-8")
    built_site(corpus.root, site)
    terms = _inodes(site / INDEX_DIR / TERMS)

    append_issue(corpus.root, series="kuaibao")
    built_site(corpus.root, site)

    assert _inodes(site / INDEX_DIR / TERMS) == terms
