"""Independent work of one build spread over the cores, in forked workers.

Rendering bodies and fingerprinting pages are pure functions of the catalog,
which at ten years is hundreds of megabytes of objects: pickling it to a
worker would cost more than the work. A forked worker inherits it instead;
only each task's items and results cross between processes. Where ``fork``
is not available, or the work is small, everything runs in this process, and
the result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# At most this many workers: a forked worker comes to hold a share of the
# catalog's memory pages as it touches them.
MAX_JOBS = 4
# Items per task: small enough to spread evenly, large enough to be worth it.
CHUNK = 500

# What a forked worker runs, and on what: set just before the workers start.
_work: tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]] | None = None


def forked_map(
    work: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    at_least: int,
    chunk: int | None = None,
    done: Callable[[int], object] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[R]:
    """``work(items)``, the items split into chunks done by forked workers
    when there are ``at_least`` of them and more than one core; ``done``
    hears how many items each finished chunk held. ``meanwhile`` runs in
    this process while the workers work (before the work, when there are
    none): this process would otherwise only wait for them.

    A worker takes its items from the list it inherited, by position: sent
    to it, they would arrive as copies, and a result that depends on which
    objects are the same object (a pickle does) could differ."""
    global _work
    size = chunk or CHUNK
    bounds = [(n, min(n + size, len(items))) for n in range(0, len(items), size)]
    if not forks(len(items), at_least):
        if meanwhile is not None:
            meanwhile()
        parts: Iterable[list[R]] = (work(items[start:end]) for start, end in bounds)
        return _gathered(parts, done)
    _work = (work, items)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(_jobs(), mp_context=context) as pool:
            # Every worker is forked, and every chunk submitted, here.
            parts = pool.map(_run, bounds)
            if meanwhile is not None:
                meanwhile()
            return _gathered(parts, done)
    finally:
        _work = None


def forks(count: int, at_least: int) -> bool:
    """Whether :func:`forked_map` spreads ``count`` items over workers."""
    fork = "fork" in multiprocessing.get_all_start_methods()
    return fork and _jobs() >= 2 and count >= at_least


def _jobs() -> int:
    return min(os.cpu_count() or 1, MAX_JOBS)


def _gathered(parts: Iterable[list[R]], done: Callable[[int], object] | None) -> list[R]:
    results: list[R] = []
    for part in parts:
        results += part
        if done is not None:
            done(len(part))
    return results


def _run(bounds: tuple[int, int]) -> list[Any]:
    assert _work is not None
    work, items = _work
    return work(items[bounds[0] : bounds[1]])
