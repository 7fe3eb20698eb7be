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
from collections.abc import Callable, Iterable

from generator.content import names
from generator.content.diagnostics import suggestion


def report_hint(reference: str, known: Iterable[str]) -> str:
    """A Chinese hint naming the report ``reference`` (canonical) most likely
    meant among the ``known`` ids, or an empty string."""
    parts = reference.split("/")
    if len(parts) != 4:
        prefix = "/".join(parts[:2])
        return suggestion(_closest(reference, [k for k in known if k.startswith(prefix)]))
    issue, name = "/".join(parts[:3]), parts[3]
    year = "/".join(parts[:2])
    in_year = [k for k in known if k.startswith(f"{year}/")]
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
