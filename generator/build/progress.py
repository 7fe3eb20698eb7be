"""What a long build is doing, said the way the place it runs in wants it.

On a terminal a build of a ten-year archive shows its stage, how far it is
and the time left, redrawn in place. In a CI log, where redrawing would
write thousands of lines, each stage says one line when it ends.
"""

from __future__ import annotations

import time
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> None:
        """A new stage begins (the one before it has ended)."""

    def advance(self, count: int = 1) -> None:
        """``count`` more items of the current stage are done."""

    def close(self) -> None:
        """The build has ended, whichever way."""


class Silent:
    """For tests, the preview and ``mkdocs build``: says nothing."""

    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class LogLines:
    """One line per finished stage: 「生成页面：1,234 个，12.3 秒」."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._name: str | None = None
        self._done = 0
        self._started = 0.0

    def stage(self, name: str, total: int | None = None) -> None:
        self._end()
        self._name, self._done, self._started = name, 0, time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self._done += count

    def close(self) -> None:
        self._end()

    def _end(self) -> None:
        if self._name is None:
            return
        seconds = time.perf_counter() - self._started
        counted = f"{self._done:,} 项，" if self._done else ""
        self._console.print(f"{self._name}：{counted}{seconds:.1f} 秒", markup=False)
        self._name = None


class Bar:
    """A progress bar redrawn in place, with the time left."""

    def __init__(self, console: Console) -> None:
        self._progress = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("已用"),
            TimeElapsedColumn(),
            TextColumn("剩余"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None
        self._progress.start()

    def stage(self, name: str, total: int | None = None) -> None:
        if self._task is not None:
            self._progress.remove_task(self._task)
        self._task = self._progress.add_task(name, total=total)

    def advance(self, count: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, count)

    def close(self) -> None:
        self._progress.stop()


def for_console(console: Console) -> Progress:
    """A bar on a terminal, one line per stage anywhere else (CI logs, files)."""
    return Bar(console) if console.is_terminal else LogLines(console)
