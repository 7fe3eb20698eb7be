"""Did-you-mean for references to reports (``follows``, ``on``, ledger events).

A reference is ``series/YYYY/NNN/name``; editors most often shorten the name
(``02`` for ``02-火情``), drop or add a leading zero, or mistype the issue
number. Spelling similarity alone then prefers ``187/02`` to the real
``175/02-火情``, so candidates are tried nearest first: the written issue,
then its series and year.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator

from generator.content import names
from generator.content.diagnostics import suggestion


class KnownReports:
    """Report ids grouped by series and year, so that a hint looks at one
    year's reports instead of the whole archive: every dangling reference
    gets a hint, and a renamed series folder makes thousands of them."""

    def __init__(self, ids: Iterable[str]) -> None:
        self._by_year: dict[str, list[str]] = {}
        self._short: list[str] = []  # ids of fewer than three parts (none, in practice)
        for rid in ids:
            parts = rid.split("/", 2)
            if len(parts) == 3:
                self._by_year.setdefault(f"{parts[0]}/{parts[1]}", []).append(rid)
            else:
                self._short.append(rid)

    def in_year(self, year: str) -> list[str]:
        """The ids starting with ``year`` (``series/YYYY``) and a slash, in order."""
        return list(self._by_year.get(year, ()))

    def starting_with(self, prefix: str) -> Iterator[str]:
        """The ids starting with ``prefix``, which holds at most one slash."""
        for year, ids in self._by_year.items():
            # An id is year + "/" + more; the prefix ends within that.
            if f"{year}/".startswith(prefix):
                yield from ids
        yield from (rid for rid in self._short if rid.startswith(prefix))


def report_hint(reference: str, known: KnownReports | Iterable[str]) -> str:
    """A Chinese hint naming the report ``reference`` (canonical) most likely
    meant among the ``known`` ids, or an empty string. Pass a
    :class:`KnownReports` when asking for many references."""
    if not isinstance(known, KnownReports):
        known = KnownReports(known)
    parts = reference.split("/")
    if len(parts) != 4:
        prefix = "/".join(parts[:2])
        return suggestion(_closest(reference, list(known.starting_with(prefix))))
    issue, name = "/".join(parts[:3]), parts[3]
    in_year = known.in_year("/".join(parts[:2]))
    in_issue = [k for k in in_year if k.rsplit("/", 1)[0] == issue]
    named = [k for k in in_year if _same_name(name, k.rsplit("/", 1)[1])]
    # Nearest first: this issue by name, this issue by spelling, the same name
    # in the nearest-numbered issue of the year, then the year by spelling.
    choice = (
        next((k for k in in_issue if k in named), None)
        or _closest(name, in_issue, key=lambda k: k.rsplit("/", 1)[1])
        or min(named, key=lambda k: _distance(parts[2], k.split("/")[2]), default=None)
        or _closest(reference, in_year)
    )
    return suggestion(choice)


_NUMBERED = re.compile(r"^([0-9]+)(.*)$")  # ASCII only: int("²") raises


def _same_name(written: str, name: str) -> bool:
    """``02``, ``2`` and ``02-火情`` all name the report file ``02-火情.md``."""
    if written == name:
        return True
    mine, theirs = _NUMBERED.match(written), _NUMBERED.match(name)
    if mine and theirs:
        return int(mine.group(1)) == int(theirs.group(1)) and theirs.group(2).startswith(
            mine.group(2)
        )
    return bool(written) and name.startswith(written)


def _distance(written: str, number: str) -> int:
    first, second = names.number(written), names.number(number)
    return abs(first - second) if first is not None and second is not None else 0


def _closest(
    word: str, candidates: list[str], key: Callable[[str], str] | None = None
) -> str | None:
    by_text = {(key(c) if key else c): c for c in candidates}
    match = difflib.get_close_matches(word, list(by_text), n=1, cutoff=0.6)
    return by_text[match[0]] if match else None
