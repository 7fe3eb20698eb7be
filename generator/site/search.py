"""What the search index holds: one record per issue page, in search tokens.

Chinese has no spaces, and Pagefind's segmenters differ between indexing
(jieba) and the browser (Intl.Segmenter), so a phrase indexed as one word is
not found when the browser splits it differently. kanwu therefore indexes,
under a language Pagefind does not segment, a token at every character of a
Chinese run: the next GRAM characters ("营商环境建设" → "营商环境 商环境建
环境建设 境建设ǂ 建设ǂ 设ǂ"). Any word up to GRAM characters is then a prefix
of the token where it starts, however the browser splits a query, and the
search page sends a longer term as the phrase of tokens it spans: every
issue that contains the phrase is found, and only those. The words are those
the page shows, taken from the same rendered HTML (:mod:`generator.site.bodies`).

The tokens shorter than GRAM, at the end of a run, end in END ("ǂ", a letter
no Chinese text uses). When no word of a bundle starts with a query term,
Pagefind 1.5 searches for the longest word that the term starts with instead
(``find_word_extensions`` in pagefind_web/src/search.rs): "排队售粮" would
find every issue with "排" at the end of a run. With END, no Chinese word of
the index is the start of any term the search page sends, so a bundle
without the term finds nothing.
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
# Characters per token: each position of a Chinese run starts a token this long.
GRAM = 4
# Ends each token shorter than GRAM (see above); kanwu-search.js END.
END = "\u01c2"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<other>[^\W{_HAN}_]+)")
_HAN_START = re.compile(rf"[{_HAN}]")
# First code point of the packed metadata: the Braille patterns (kanwu-search.js PACKED_BASE).
PACKED_BASE = 0x2800


def tokens(text: str) -> list[str]:
    """Search tokens: a token of GRAM characters at each character of a run of
    Chinese (shorter ones at its end, marked with END), other words whole."""
    result: list[str] = []
    for match in _WORDS.finditer(text):
        run = match.group()
        if match.lastgroup == "han":
            result += _run_tokens(run)
        else:
            result.append(run.lower())
    return result


def _run_tokens(run: str) -> list[str]:
    """The tokens of one run of Chinese: GRAM characters from each of its
    characters, the last ones shorter and ending in END."""
    whole = len(run) - GRAM + 1  # tokens of GRAM characters
    return [run[i : i + GRAM] for i in range(whole)] + [
        run[i:] + END for i in range(max(0, whole), len(run))
    ]


def stored_runs(words: str) -> str | None:
    """A record's words as its result fragment keeps them for the search page:
    each Chinese run whole, the other words as they are, space-separated
    ("营商环境 商环境建 环境建设 境建设ǂ 建设ǂ 设ǂ 2026" → "营商环境建设 2026"), half
    the bytes a visitor downloads for a result. :func:`run_words` (and
    kanwu-search.js ``wordsOf``) gives the words back, one for one; ``None``
    when ``words`` are not tokens of :func:`tokens`, which are then kept as
    they are. Pagefind ends the words of a block with a full stop ("设ǂ."),
    which no token holds; the runs leave it out."""
    runs: list[str] = []
    run: list[str] = []
    split = words.split()
    if split and split[-1].endswith("."):
        split[-1] = split[-1][:-1]
        if not split[-1]:
            split.pop()
    for word in split:
        if _HAN_START.match(word):
            run.append(word[0])
            if len(word) == 2 and word[1] == END:  # the last token of its run
                runs.append("".join(run))
                run = []
        elif run:
            return None
        else:
            runs.append(word)
    stored = " ".join(runs)
    return stored if not run and run_words(stored) == split else None


def run_words(runs: str) -> list[str]:
    """The words of a record from :func:`stored_runs`."""
    words: list[str] = []
    for run in runs.split():
        if _HAN_START.match(run):
            words += _run_tokens(run)
        else:
            words.append(run)
    return words


def query_terms(words: Iterable[str]) -> set[str]:
    """The Chinese query terms that find something among records of these
    words (each record's space-separated tokens): every start, 1 to GRAM
    characters, of every Chinese token. The search page sends a Chinese run
    of up to GRAM characters as the start of a token, a longer one as the
    tokens it spans (:func:`search_query`); generator/build/terms.py."""
    tokens: set[str] = set()
    for record in words:
        tokens.update(record.split())
    starts = {token.removesuffix(END) for token in tokens if _HAN_START.match(token)}
    return {start[:length] for start in starts for length in range(1, len(start) + 1)}


def search_query(text: str) -> str:
    """The Pagefind query the search page sends for ``text`` (kanwu-search.js
    does the same). A Chinese run up to GRAM characters is a prefix of the token
    where it starts; a longer one is the run of whole tokens it spans. A single
    term made only of whole tokens is sent as an exact phrase."""
    terms = text.split()
    words: list[str] = []
    exact = True
    for term in terms:
        for match in _WORDS.finditer(term):
            run = match.group()
            if match.lastgroup == "han" and len(run) >= GRAM:
                words += [run[i : i + GRAM] for i in range(len(run) - GRAM + 1)]
            else:
                words.append(run.lower())
                exact = exact and match.lastgroup != "han"  # a short run matches as a prefix
    if len(terms) == 1 and len(words) > 1 and exact:
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
    content: str  # space-separated tokens
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
    # link targets a reader does not see.
    words = tokens(f"{issue.topic or ''} {bodies.text(issue.key)}")
    reports: list[dict[str, object]] = []
    for report in issue.reports:
        names = [catalog.units[u].name for u in catalog.units_of(report) if u in catalog.units]
        # Where each report's words start: the search page maps hits to reports.
        reports.append(
            {
                "anchor": report.anchor,
                "start": len(words),
                "title": report.title,
                "units": names,
                "category": report.category or "",
            }
        )
        text = bodies.text(report.id)
        words += tokens(f"{report.title} {'、'.join(names)} {text}")
    return SearchRecord(
        url=f"/{issue_url(issue)}",
        content=" ".join(words),
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
