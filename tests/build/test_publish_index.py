"""What a publish re-indexes: the bundle of the new issue, not the bundle of
the issue before it, whose page (its link to the next issue) changed but
whose search record did not."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import append_issue, generate
from generator.build.index import INDEX_DIR
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
