"""Which older index bundles a query can find anything in, told in a few KB.

The search page loads the newest bundle at once and merges older ones only
while it lacks a page of results (``theme/assets/kanwu-search.js``). A
phrase no issue holds used to merge every bundle to learn that: at ten years
33 of Pagefind's index chunks, 1.5 MB. Beside the bundles, ``terms/`` tells
for each query term which of the older bundles have a word starting with
it, and the page merges only the bundles where its query can match.

A term is hashed with CRC-32 of its UTF-8 bytes (the page computes the same):
the top :data:`BITS` bits pick the file, the low 16 bits are what the file
lists for each bundle. A bundle that has the term is always listed; one
listed may lack it (another term with the same bits), which costs no more
than a merge. Each file holds, for each older bundle in the order of
``shards.json``, a little-endian ``uint32`` count and that many sorted
``uint16`` values.

Each bundle keeps its own part (:data:`BUNDLE_FILE`, in its folder), written
when the bundle is indexed and taken over with it; the files of ``terms/``
are put together from those parts, and taken over whole while the older
bundles stay the same (a daily publish changes only the newest).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

BITS = 12
BUCKETS = 1 << BITS
# In each bundle's folder: its part of every file of FOLDER.
BUNDLE_FILE = "kanwu-terms.bin"
# Beside the bundles, under pagefind/.
FOLDER = "terms"


def bucket_file(bucket: int) -> str:
    """The name of a bucket's file in :data:`FOLDER` (kanwu-search.js)."""
    return f"{bucket:03x}.bin"


def bundle_part(terms: Iterable[str]) -> bytes:
    """A bundle's part: each bucket's count, then each bucket's values."""
    buckets: list[set[int]] = [set() for _ in range(BUCKETS)]
    for term in terms:
        digest = zlib.crc32(term.encode("utf-8"))
        buckets[digest >> (32 - BITS)].add(digest & 0xFFFF)
    counts = array("I", (len(bucket) for bucket in buckets))
    values = array("H", (value for bucket in buckets for value in sorted(bucket)))
    return _little_endian(counts) + _little_endian(values)


def write_terms(index: Path, bundles: Sequence[str]) -> None:
    """``index/terms/`` for ``bundles`` (the older ones, newest first), from
    the part each keeps in its folder."""
    parts = [_sections((index / name / BUNDLE_FILE).read_bytes()) for name in bundles]
    folder = index / FOLDER
    folder.mkdir()
    for bucket in range(BUCKETS):
        (folder / bucket_file(bucket)).write_bytes(b"".join(part[bucket] for part in parts))


def _sections(part: bytes) -> list[bytes]:
    """A bundle's part split by bucket, each as it goes in the bucket's file."""
    counts = array("I")
    counts.frombytes(part[: 4 * BUCKETS])
    if sys.byteorder == "big":
        counts.byteswap()
    if sum(counts) * 2 != len(part) - 4 * BUCKETS:
        raise ValueError("a damaged list of terms")
    sections = []
    start = 4 * BUCKETS
    for count in counts:
        end = start + 2 * count
        sections.append(struct.pack("<I", count) + part[start:end])
        start = end
    return sections


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()
