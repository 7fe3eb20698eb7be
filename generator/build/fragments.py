"""Pagefind's result fragments, made smaller after it writes them.

A visitor's browser downloads one fragment per result shown: Pagefind's
``fragment/<hash>.pf_fragment``, the gzipped JSON of the record with its
words (``content``), from which the search page takes each result's excerpt
and the reports it hits. Pagefind keeps the words as it indexed them, a
token at every Chinese character (:mod:`generator.site.search`), so each
character is there up to five times: at ten years 5 to 7 KB a result, 20
results half of what a query downloads. Each fragment keeps instead the runs
those tokens come from (:func:`generator.site.search.stored_runs`), which
the search page turns back into the same words, and says so in its
metadata (:data:`RUNS_META`); the index Pagefind searches is not touched.

A fragment is read by the page alone and only after the index found it, so
its name (Pagefind's hash of what it wrote) need not change. One that is not
as expected (another Pagefind version's format) is left as Pagefind wrote it,
and the page reads its words as they are.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from generator.site.search import stored_runs

FOLDER = "fragment"
# Pagefind 1.x: each fragment is gzip of this prefix and the JSON.
PREFIX = b"pagefind_dcd"
# The key added to a fragment's metadata when its content holds runs
# (kanwu-search.js reads it); Pagefind does not index it, being added after.
RUNS_META = "kanwu_runs"


def store_runs(bundle: Path) -> int:
    """Rewrite the fragments of the Pagefind bundle ``bundle`` to keep runs;
    how many were rewritten."""
    folder = bundle / FOLDER
    rewritten = 0
    with os.scandir(folder) as found:
        names = [entry.path for entry in found if entry.is_file()]
    for path in names:
        with open(path, "rb") as file:
            data = file.read()
        smaller = _with_runs(data)
        if smaller is not None:
            with open(path, "wb") as file:
                file.write(smaller)
            rewritten += 1
    return rewritten


def _with_runs(data: bytes) -> bytes | None:
    """The fragment ``data`` with runs in place of its words; ``None`` if it
    is not a fragment as expected."""
    try:
        raw = gzip.decompress(data)
        if not raw.startswith(PREFIX):
            return None
        fragment = json.loads(raw[len(PREFIX) :])
        content, meta = fragment["content"], fragment["meta"]
        if not isinstance(content, str) or not isinstance(meta, dict) or RUNS_META in meta:
            return None
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        return None
    runs = stored_runs(content)
    if runs is None:
        return None
    fragment["content"] = runs
    meta[RUNS_META] = "1"
    text = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
    # mtime=0: the same fragment gives the same bytes, build after build.
    return gzip.compress(PREFIX + text.encode("utf-8"), compresslevel=9, mtime=0)
