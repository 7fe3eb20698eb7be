"""What the search index holds: one record per issue page, in search tokens.

Chinese has no spaces, and Pagefind's segmenters differ between indexing
(jieba) and the browser (Intl.Segmenter), so a phrase indexed as one word is
not found when the browser splits it differently. kanwu therefore indexes,
under a language Pagefind does not segment, a token at every unit of a run:
the next GRAM units ("营商环境建设" → "营商环境 商环境建 环境建设 境建设ǂ
建设ǂ 设ǂ"). Any word up to GRAM units is then a prefix of the token where
it starts, however the browser splits a query, and the search page sends a
longer term as the phrase of tokens it spans: every issue that contains the
phrase is found, and only those. The words are those the page shows, taken
from the same rendered HTML (:mod:`generator.site.bodies`).

A run is text without space or punctuation; its units are Chinese
characters and, whole, the numbers and Latin words between them. A number
keeps its decimal point and thousands separators ("68.7", "1,250"), and each
number or word ends with WORD_END ("68.7万吨" is the units 68ǃ7ǁ 万 吨): a
query matches numbers and words as written, so 「68.7万吨」 finds neither
"68" and "7" apart nor "168.7万吨", and 「68」 not "68.7". The point and the
separator are written as letters (DOT, COMMA) because Pagefind splits words
at punctuation and would index "68.7" as "687", "68" and "7".

The tokens shorter than GRAM, at the end of a run, end in END ("ǂ", a letter
no Chinese text uses). When no word of a bundle starts with a query term,
Pagefind 1.5 searches for the longest word that the term starts with instead
(``find_word_extensions`` in pagefind_web/src/search.rs): "排队售粮" would
find every issue with "排" at the end of a run. With END, no word of the
index is the start of any term the search page sends, so a bundle without
the term finds nothing.

Each record also keeps the text itself, as the page shows it (punctuation and
all), which the index does not search: its result fragment gives it to the
search page for excerpts (:mod:`generator.build.fragments`), which tokenizes
it the same way (kanwu-search.js ``unitTokens``) to find the hits in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.content.model import Issue
from generator.site.bodies import Bodies
from generator.site.catalog import Catalog
from generator.site.labels import cn_date, full_number, issue_number
from generator.site.urls import issue_url

# Pagefind's language for the records: one it splits on whitespace only.
INDEX_LANGUAGE = "en"
# Units per token: each unit of a run starts a token this long.
GRAM = 4
# Ends each token shorter than GRAM (see above); kanwu-search.js END.
END = "\u01c2"
# Ends each number or Latin word in a token; stand for "." and "," in a
# number (kanwu-search.js WORD_END, DOT, COMMA). Letters, like END.
WORD_END = "\u01c1"
DOT = "\u01c3"
COMMA = "\u01c0"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A number or Latin word: letters and digits, and a point or separator
# between digits ("68.7", "1,250", "PM2.5").
_WORD = rf"[^\W{_HAN}_]+(?:[.,][0-9]+)*"
_RUN = re.compile(rf"(?:[{_HAN}]|{_WORD})+")
_UNIT = re.compile(rf"[{_HAN}]|{_WORD}")
_HAN_START = re.compile(rf"[{_HAN}]")
_HAN_RUN = re.compile(rf"[{_HAN}]+")
_WORD_MARKS = str.maketrans({".": DOT, ",": COMMA})
# First code point of the packed metadata: the Braille patterns (kanwu-search.js PACKED_BASE).
PACKED_BASE = 0x2800


def tokens(text: str) -> list[str]:
    """Search tokens: a token of GRAM units at each unit of each run (shorter
    ones at its end, marked with END)."""
    result: list[str] = []
    for run in _RUN.findall(text):
        if _HAN_RUN.fullmatch(run):
            # Most runs are Chinese alone, each character a unit: cut as
            # _run_tokens joins, without joining (1.6 times as fast on the
            # sample's text).
            whole = len(run) - GRAM + 1
            result += [run[i : i + GRAM] for i in range(whole)]
            result += [run[i:] + END for i in range(max(0, whole), len(run))]
        else:
            result += _run_tokens(_units(run))
    return result


def _units(run: str) -> list[str]:
    """The units of a run as tokens write them: a Chinese character as it is,
    a number or word in lower case, its marks as letters, ended by WORD_END."""
    return [
        unit if _HAN_START.match(unit) else unit.lower().translate(_WORD_MARKS) + WORD_END
        for unit in _UNIT.findall(run)
    ]


def _run_tokens(units: list[str]) -> list[str]:
    """The tokens of one run's units: GRAM units from each, the last ones
    shorter and ending in END."""
    whole = len(units) - GRAM + 1  # tokens of GRAM units
    return ["".join(units[i : i + GRAM]) for i in range(whole)] + [
        "".join(units[i:]) + END for i in range(max(0, whole), len(units))
    ]


def query_terms(words: Iterable[str]) -> set[str]:
    """The Chinese query terms that find something among records of these
    words (each record's space-separated tokens): every start, 1 to GRAM
    units, of every token that starts with a Chinese character. The search
    page sends a run of up to GRAM units as the start of a token, a longer
    one as the tokens it spans (:func:`search_query`); generator/build/terms.py."""
    tokens: set[str] = set()
    for record in words:
        tokens.update(record.split())
    return {
        token[: end + 1]
        for token in tokens
        if _HAN_START.match(token)
        for end, char in enumerate(token)
        if char == WORD_END or _HAN_START.match(char)
    }


def search_query(text: str) -> str:
    """The Pagefind query the search page sends for ``text`` (kanwu-search.js
    does the same). A run up to GRAM units is a prefix of the token where it
    starts; a longer one is the run of whole tokens it spans, sent as an
    exact phrase when it is all that was typed."""
    words: list[str] = []
    runs = 0
    for run in _RUN.findall(text):
        units = _units(run)
        runs += 1
        if len(units) > GRAM:
            words += ["".join(units[i : i + GRAM]) for i in range(len(units) - GRAM + 1)]
        else:
            words.append("".join(units))
    if runs == 1 and len(words) > 1:
        return '"' + " ".join(words) + '"'
    return " ".join(words)


def packed(value: object) -> str:
    """``value`` as JSON, each UTF-8 byte written as a Braille pattern (U+2800 +
    byte). Pagefind 1.5 searches every metadata value word by word; a value
    without letters or digits adds no word, so the structured data a result
    needs (anchors, offsets, titles) is neither found by a search nor parsed
    from delimiters a title could contain. kanwu-search.js unpacks it."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return "".join(chr(PACKED_BASE + byte) for byte in data)


@dataclass(frozen=True)
class SearchRecord:
    url: str  # site-relative URL of the issue page, e.g. "/kuaibao/2026/035/"
    content: str  # space-separated tokens: tokens(text)
    text: str  # what the page shows, as it shows it
    meta: dict[str, str]
    filters: dict[str, list[str]]
    # The index bundle that holds it (record_shard).
    shard: str


def search_records(catalog: Catalog, bodies: Bodies) -> Iterator[SearchRecord]:
    """One record per issue page of the edition, from the HTML its page shows."""
    newest = newest_month(catalog)
    for issue in indexed_issues(catalog):
        yield issue_record(catalog, bodies, issue, newest)


def indexed_issues(catalog: Catalog) -> Iterator[Issue]:
    """The issues that have a search record, in the order of the records."""
    for issues in catalog.issues_by_series.values():
        yield from issues


def newest_month(catalog: Catalog) -> tuple[int, int] | None:
    """The month of the edition's newest issue: its bundle of the index."""
    newest = max((issue.date for issue in catalog.issues.values()), default=None)
    return (newest.year, newest.month) if newest else None


def record_shard(issue: Issue, newest: tuple[int, int] | None) -> str:
    """The index bundle that holds an issue's record (generator/build/index.py).

    Each year has a bundle, but the newest month of the edition has one of its
    own ("2026-11"): a day's new issue then re-indexes a month of records, not
    a year. When the next month begins, the month's records join their year's
    bundle, which is indexed again once."""
    month = (issue.date.year, issue.date.month)
    return f"{month[0]}-{month[1]:02d}" if month == newest else str(month[0])


def record_filters(catalog: Catalog, issue: Issue) -> dict[str, list[str]]:
    """The values of the search page's filters for an issue's record."""
    units = {
        catalog.units[u].name
        for report in issue.reports
        for u in catalog.units_of(report)
        if u in catalog.units
    }
    return {
        "series": [catalog.series[issue.series].name],
        "year": [str(issue.year)],
        "unit": sorted(units),
        "category": sorted({r.category for r in issue.reports if r.category}),
    }


def issue_record(
    catalog: Catalog, bodies: Bodies, issue: Issue, newest: tuple[int, int] | None
) -> SearchRecord:
    """The record of an issue page; ``newest`` is :func:`newest_month`."""
    series = catalog.series[issue.series]
    # What the page shows, in its order: topic, 编者按, then each report's
    # title, units and body; never the Markdown, whose comments, code and
    # link targets a reader does not see. Parts are joined by a line break,
    # which ends a run: the tokens of the whole are those of the parts.
    text = _Text(f"{issue.topic or ''}\n{bodies.text(issue.key)}")
    reports: list[dict[str, object]] = []
    for report in issue.reports:
        names = [catalog.units[u].name for u in catalog.units_of(report) if u in catalog.units]
        # Where each report's text starts, and its body: the search page maps
        # hits to reports and shows an excerpt of the body. Offsets count
        # UTF-16 code units, as JavaScript strings do.
        at = text.add(f"{report.title}\n{'、'.join(names)}")
        body = text.add(bodies.text(report.id))
        reports.append(
            {
                "anchor": report.anchor,
                "at": at,
                "body": body,
                "end": text.length,
                "title": report.title,
                "units": names,
                "category": report.category or "",
            }
        )
    joined = text.joined
    return SearchRecord(
        url=f"/{issue_url(issue)}",
        content=" ".join(tokens(joined)),
        text=joined,
        meta={
            "title": f"{series.name} {issue_number(issue)}",
            "series": series.name,
            "number": full_number(issue, catalog.total_number[issue.key]),
            "date": cn_date(issue.date),
            "reports": packed(reports),
        },
        filters=record_filters(catalog, issue),
        shard=record_shard(issue, newest),
    )


class _Text:
    """A record's text, joined part by part, with its length in UTF-16 units."""

    def __init__(self, first: str) -> None:
        self._parts = [first]
        self.length = _utf16_length(first)

    def add(self, part: str) -> int:
        """Add ``part`` on a line of its own; the offset where it starts."""
        self._parts.append(part)
        self.length += 1
        start = self.length
        self.length += _utf16_length(part)
        return start

    @property
    def joined(self) -> str:
        return "\n".join(self._parts)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
