"""Problems found in content, reported as ``path:line: 中文说明``.

Every stage appends to one list instead of raising, so a single run reports
every problem an editor has to fix, not just the first one.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "警告：" if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class Problems(list[Problem]):
    """An ordered collection of problems with helpers to add them."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        super().__init__(problems)
        self._seen = set(self)

    def error(self, path: str, line: int, message: str) -> None:
        self._add(Problem(path, line, message, "error"))

    def warning(self, path: str, line: int, message: str) -> None:
        self._add(Problem(path, line, message, "warning"))

    def _add(self, problem: Problem) -> None:
        # Two stages may find the same thing (the folder walk and the file
        # read both refuse a link out of the content folder): say it once.
        if problem not in self._seen:
            self._seen.add(problem)
            self.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == "warning"]

    def fails(self, *, strict: bool) -> bool:
        """Whether these problems fail a command (warnings too under ``--strict``)."""
        return bool(self.errors) or (strict and bool(self.warnings))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A Chinese hint naming the closest candidate, or an empty string."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return suggestion(match[0] if match else None)


def suggestion(candidate: str | None) -> str:
    """The did-you-mean hint for ``candidate``; empty when there is none."""
    return f'（是否为 "{candidate}"？）' if candidate else ""


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))


def to_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
