"""The lists that tell the search page which older bundles a query term can
find anything in: no bundle that has a term is left out, few that lack it
are listed, and a publish that changes only the newest bundle keeps them."""

from __future__ import annotations

import json
import random
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from generator.build.index import INDEX_DIR, SHARDS_FILE
from generator.build.terms import (
    BITS,
    BUNDLE_FILE,
    FOLDER,
    MIN_BITS,
    PER_FILE,
    bucket_file,
    bundle_part,
    terms_bits,
    write_terms,
)
from generator.content.pipeline import load_and_validate
from generator.site.bodies import render_bodies
from generator.site.catalog import build_catalog
from generator.site.search import query_terms, search_query, search_records
from tests.build.test_index_shards import (
    SHARDS,
    YEARS,
    _with_a_new_issue,
    first,
    index,
    with_text_in_year,
)

__all__ = ["first"]  # the fixture, shared with the index tests


def listed(index_dir: Path, term: str) -> list[str]:
    """The older bundles the search page would merge for ``term``: the lookup
    of kanwu-search.js (mayHave), in Python."""
    shards = json.loads((index_dir / SHARDS_FILE).read_text(encoding="utf-8"))
    bits = shards["terms"]
    digest = zlib.crc32(term.encode("utf-8"))
    data = (index_dir / FOLDER / bucket_file(digest >> (32 - bits))).read_bytes()
    found, offset = [], 0
    for name in shards["shards"][1:]:
        (count,) = struct.unpack_from("<I", data, offset)
        values = struct.unpack_from(f"<{count}H", data, offset + 4)
        if digest & 0xFFFF in values:
            found.append(name)
        offset += 4 + 2 * count
    assert offset == len(data)
    return found


def _han(rng: random.Random, length: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(length))


@pytest.mark.parametrize(("per_bundle", "bits"), [(300, MIN_BITS), (20_000, 8), (600_000, BITS)])
def test_every_term_of_a_bundle_is_listed_and_few_others(
    tmp_path: Path, per_bundle: int, bits: int
) -> None:
    """Whatever the size of the bundles, and so the number of files."""
    rng = random.Random(7)
    index_dir = tmp_path / INDEX_DIR
    names = ["2026-09", "2026", "2025", "2024"]
    terms = {name: {_han(rng, rng.randrange(1, 5)) for _ in range(per_bundle)} for name in names}
    for name in names:
        (index_dir / name).mkdir(parents=True)
        (index_dir / name / BUNDLE_FILE).write_bytes(bundle_part(terms[name]))
    parts = [index_dir / name / BUNDLE_FILE for name in names[1:]]
    assert terms_bits(parts) == bits
    (index_dir / SHARDS_FILE).write_text(json.dumps({"shards": names, "terms": bits}))
    write_terms(index_dir, parts, bits)

    assert len(list((index_dir / FOLDER).iterdir())) == 1 << bits
    # About PER_FILE values per bundle in each file (fewer where bundles are small).
    largest = max(p.stat().st_size for p in (index_dir / FOLDER).iterdir())
    assert largest < 3 * (4 + 2 * PER_FILE) * len(names[1:])
    for name in names[1:]:
        some = rng.sample(sorted(terms[name]), min(len(terms[name]), 3_000))
        assert all(name in listed(index_dir, term) for term in some)
    known = set().union(*terms.values())
    absent = [t for t in (_han(rng, 4) for _ in range(2_000)) if t not in known]
    wrongly = sum(len(listed(index_dir, term)) for term in absent)
    assert wrongly < 0.01 * len(absent) * len(names[1:])


def test_a_damaged_bundle_part_is_refused(tmp_path: Path) -> None:
    index_dir = tmp_path / INDEX_DIR
    (index_dir / "2025").mkdir(parents=True)
    (index_dir / "2025" / BUNDLE_FILE).write_bytes(bundle_part({"安全"})[:-2])
    with pytest.raises(ValueError):
        write_terms(index_dir, [index_dir / "2025" / BUNDLE_FILE], MIN_BITS)


def test_every_query_that_finds_an_older_issue_lists_its_bundle(
    first: tuple[Path, Path],
) -> None:
    content, site = first
    publication, _ = load_and_validate(content)
    assert publication is not None
    catalog = build_catalog(publication)
    index_dir = site / INDEX_DIR
    checked = 0
    for record in search_records(catalog, render_bodies(catalog, content)):
        if record.shard == SHARDS[0]:
            continue  # the newest bundle is always searched
        # Whatever the search page sends for a phrase of the record's words.
        words = record.content.split()
        for start in range(0, len(words), 97):
            phrase = "".join(w.rstrip("\u01c2")[0] for w in words[start : start + 6])
            for term in search_query(phrase).strip('"').split():
                if term in query_terms([record.content]):
                    assert record.shard in listed(index_dir, term), (record.url, term)
                    checked += 1
    assert checked > 100


def test_a_publish_in_the_newest_month_keeps_the_lists(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    changed, _ = _with_a_new_issue(content, tmp_path)
    index(changed, tmp_path / "site", previous=site)
    before, after = site / INDEX_DIR / FOLDER, tmp_path / "site" / INDEX_DIR / FOLDER
    assert sorted(p.name for p in after.iterdir()) == sorted(p.name for p in before.iterdir())
    assert all((after / p.name).stat().st_ino == p.stat().st_ino for p in before.iterdir())


def test_a_change_in_an_older_year_remakes_the_lists(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    changed = with_text_in_year(content, tmp_path, YEARS[1], "鼋鼍鲲鹏新词。")
    assert not listed(site / INDEX_DIR, "鲲鹏新词")
    index(changed, tmp_path / "site", previous=site)
    assert listed(tmp_path / "site" / INDEX_DIR, "鲲鹏新词") == [YEARS[1]]


def test_a_damaged_part_leaves_the_search_page_every_bundle(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    previous = tmp_path / "previous"
    shutil.copytree(site, previous)
    shutil.rmtree(previous / INDEX_DIR / FOLDER)  # so that the lists are made again
    part = previous / INDEX_DIR / YEARS[1] / BUNDLE_FILE
    data = bytearray(part.read_bytes())
    data[0] ^= 0xFF  # a count no longer matches the values (same size: the bundle is reused)
    part.write_bytes(bytes(data))

    index(content, tmp_path / "site", previous=previous)

    shards = json.loads((tmp_path / "site" / INDEX_DIR / SHARDS_FILE).read_text(encoding="utf-8"))
    assert shards["shards"] == SHARDS
    assert "terms" not in shards
    assert not (tmp_path / "site" / INDEX_DIR / FOLDER).exists()
