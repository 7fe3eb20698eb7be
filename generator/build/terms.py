"""Which older index bundles a query can find anything in, told in a few KB.

The search page loads the newest bundle at once and merges older ones only
while it lacks a page of results (``theme/assets/kanwu-search.js``). A
phrase no issue holds used to merge every bundle to learn that: at ten years
33 of Pagefind's index chunks, 1.5 MB. Beside the bundles, ``terms/`` tells
for each query term which of the older bundles have a word starting with
it, and the page merges only the bundles where its query can match.

A term is hashed with CRC-32 of its UTF-8 bytes (the page computes the same):
the top bits pick the file, the low 16 bits are what the file lists for
each bundle. A bundle that has the term is always listed; one listed may
lack it (another term with the same bits), which costs no more than a
merge. Each file holds, for each older bundle in the order of
``shards.json``, a little-endian ``uint32`` count and that many sorted
``uint16`` values. How many top bits pick the file (``terms`` in
``shards.json``) grows with the largest bundle, up to :data:`BITS`, so that
a file lists about :data:`PER_FILE` values per bundle: 4,096 files at ten
years, a hundred or so for a year's archive.

Each bundle keeps its own part (:data:`BUNDLE_FILE`, in its folder), written
when the bundle is indexed and taken over with it; the files of ``terms/``
are put together from those parts, and taken over whole while the older
bundles stay the same (a daily publish changes only the newest).
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

# The most top bits that pick a file: a bundle's part is kept in this many.
BITS = 12
BUCKETS = 1 << BITS
MIN_BITS = 4
# About this many values per bundle in a file.
PER_FILE = 128
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


def terms_bits(parts: Sequence[Path]) -> int:
    """How many top bits of a term's hash pick its file, for the bundles
    whose parts (:data:`BUNDLE_FILE`) are ``parts``."""
    most = max((sum(_counts(part)) for part in parts), default=0)
    return max(MIN_BITS, min(BITS, math.ceil(math.log2(max(most, 1) / PER_FILE))))


def write_terms(index: Path, parts: Sequence[Path], bits: int) -> None:
    """``index/terms/`` for the bundles whose parts are ``parts`` (the older
    ones, newest first), the files picked by ``bits`` bits."""
    sections = [_sections(part.read_bytes(), bits) for part in parts]
    folder = index / FOLDER
    folder.mkdir()
    for bucket in range(1 << bits):
        (folder / bucket_file(bucket)).write_bytes(b"".join(part[bucket] for part in sections))


def _counts(path: Path) -> array[int]:
    with path.open("rb") as file:
        counts = array("I")
        counts.frombytes(file.read(4 * BUCKETS))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts


def _sections(part: bytes, bits: int) -> list[bytes]:
    """A bundle's part split into ``2**bits`` files' sections, as each goes in
    its file: the values of the part's buckets that the file's bucket spans,
    sorted."""
    counts = array("I")
    counts.frombytes(part[: 4 * BUCKETS])
    values = array("H")
    values.frombytes(part[4 * BUCKETS :])
    if sys.byteorder == "big":
        counts.byteswap()
        values.byteswap()
    if len(counts) != BUCKETS or sum(counts) != len(values):
        raise ValueError("a damaged list of terms")
    span = 1 << (BITS - bits)
    sections = []
    start = 0
    for first in range(0, BUCKETS, span):
        end = start + sum(counts[first : first + span])
        merged = array("H", sorted(set(values[start:end])))
        sections.append(struct.pack("<I", len(merged)) + _little_endian(merged))
        start = end
    return sections


def _little_endian(values: array[int]) -> bytes:
    if sys.byteorder == "big":
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()
