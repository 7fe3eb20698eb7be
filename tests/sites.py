"""Comparing two built sites: every file byte for byte, but for the files
whose names or bytes Pagefind picks anew in each run, which are compared by
the search records they hold, read back."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from generator.build.index import DIGEST_FILE, INDEX_DIR
from generator.build.terms import BUNDLE_FILE
from generator.build.terms import FOLDER as TERMS
from tests.helpers import snapshot


def pagefinds_own(path: str) -> bool:
    """A file Pagefind wrote in a bundle, or the record of how a folder of
    the index was made (its digest covers the records' keys, which differ
    between a build with a cache and one without). kanwu's own files of the
    index, the bundle list and the term lists, are compared."""
    parts = path.split("/")
    if parts[0] != INDEX_DIR or len(parts) < 3:
        return False
    return parts[-1] == DIGEST_FILE or (parts[1] != TERMS and parts[-1] != BUNDLE_FILE)


def search_records(site: Path) -> dict[str, tuple[str, object]]:
    """What the search index holds, by URL: its bundle and its record as
    Pagefind keeps it (a fragment), read back; the names of Pagefind's files
    are not the same from run to run, their records are."""
    found = {}
    for path in (site / INDEX_DIR).glob("*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = (path.parts[-3], data)
    return found


def differing_files(one: Path, other: Path, ignore: re.Pattern[bytes] | None = None) -> list[str]:
    """The files that are not the same in the two sites (or only in one),
    Pagefind's own files aside; with ``ignore``, what it matches is taken
    out of both before they are compared."""
    first, second = snapshot(one), snapshot(other)
    differing = []
    for path in sorted(first.keys() | second.keys()):
        if first.get(path) == second.get(path) or pagefinds_own(path):
            continue
        if ignore is not None and path in first and path in second:
            a, b = ((site / path).read_bytes() for site in (one, other))
            if ignore.sub(b"", a) == ignore.sub(b"", b):
                continue
        differing.append(path)
    return differing
