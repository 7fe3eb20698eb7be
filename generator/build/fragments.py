"""Pagefind's result fragments, made smaller after it writes them.

A visitor's browser downloads one fragment per result shown: Pagefind's
``fragment/<hash>.pf_fragment``, the gzipped JSON of the record with its
words (``content``), from which the search page takes each result's excerpt
and the reports it hits. Pagefind keeps the words as it indexed them, a
token at every Chinese character (:mod:`generator.site.search`): each
character is there up to five times, and the punctuation, which an excerpt
must show as the report has it, is not there at all. Each fragment keeps
instead the text the record's words were made of
(:attr:`generator.site.search.SearchRecord.text`), which the search page
tokenizes the same way, and says so in its metadata (:data:`TEXT_META`); the
index Pagefind searches is not touched.

A fragment is read by the page alone and only after the index found it, so
its name (Pagefind's hash of what it wrote) need not change. One that is not
as expected (another Pagefind version's format, a page it was not given the
text of) is left as Pagefind wrote it, and the page reads its words as they are.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Mapping
from pathlib import Path

FOLDER = "fragment"
# Pagefind 1.x: each fragment is gzip of this prefix and the JSON.
PREFIX = b"pagefind_dcd"
# The key added to a fragment's metadata when its content is the record's
# text (kanwu-search.js reads it); Pagefind does not index it, being added after.
TEXT_META = "kanwu_text"


def store_text(bundle: Path, texts: Mapping[str, str]) -> int:
    """Rewrite the fragments of the Pagefind bundle ``bundle`` to keep the
    text of their record, by its URL in ``texts``; how many were rewritten."""
    folder = bundle / FOLDER
    rewritten = 0
    with os.scandir(folder) as found:
        names = [entry.path for entry in found if entry.is_file()]
    for path in names:
        with open(path, "rb") as file:
            data = file.read()
        smaller = _with_text(data, texts)
        if smaller is not None:
            with open(path, "wb") as file:
                file.write(smaller)
            rewritten += 1
    return rewritten


def _with_text(data: bytes, texts: Mapping[str, str]) -> bytes | None:
    """The fragment ``data`` with its record's text in place of its words;
    ``None`` if it is not a fragment as expected."""
    try:
        raw = gzip.decompress(data)
        if not raw.startswith(PREFIX):
            return None
        fragment = json.loads(raw[len(PREFIX) :])
        content, meta, url = fragment["content"], fragment["meta"], fragment["url"]
        if not isinstance(content, str) or not isinstance(meta, dict) or TEXT_META in meta:
            return None
        text = texts[url]
    except (OSError, EOFError, ValueError, KeyError, TypeError):
        return None
    fragment["content"] = text
    meta[TEXT_META] = "1"
    written = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
    # mtime=0: the same fragment gives the same bytes, build after build.
    return gzip.compress(PREFIX + written.encode("utf-8"), compresslevel=9, mtime=0)
