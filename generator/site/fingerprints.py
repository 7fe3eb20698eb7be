"""What a page shows, as a digest: equal digests, equal pages.

An incremental build renders only the pages whose fingerprint it has not
rendered before. A fingerprint is computed from the very data the page's
template receives (its context), not from a list of what a page "depends
on" that could fall out of date: anything reachable from the context is
pickled into the digest. The templates may read a few catalog-wide facts
beyond their context (:class:`CatalogView`); those are folded in here too.

Reports, issues and placed reports appear in many pages, so each is pickled
once and stands for itself by its digest elsewhere; a page listing 500
reports then hashes 500 short digests, not 500 bodies. A report or an issue
read with the load cache is not even pickled: it stands for itself by the
stamp of what it was read from (equal stamps, equal reports and issues). A
kind of page whose data is a function of something smaller (a 通报 of its
period's credits, an issue page of its issue, places and bodies) is
fingerprinted by that (:meth:`generator.site.pages.PageContexts.source`); a
body there stands for itself by the digest of its HTML, the only part of it
a page shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from generator.content.model import Issue, Report, Series, Unit, issue_stamp
from generator.site.bodies import RenderedBody
from generator.site.catalog import Catalog, Placed
from generator.site.forked import forked_map


@dataclasses.dataclass(frozen=True)
class CatalogView:
    """All the templates may read of the catalog besides their context.

    Kept this narrow on purpose: whatever is here must be in the fingerprint
    (``units``, ``series``, ``public`` and which series and units have pages
    are in :func:`edition_digest`; ``total_number`` and ``units_of`` in the
    digests of issues and placed reports)."""

    units: Mapping[str, Unit]
    series: Mapping[str, Series]
    total_number: Mapping[str, int]
    units_of: Callable[[Report], tuple[str, ...]]
    public: bool
    series_shown: tuple[str, ...]
    units_shown: frozenset[str]

    @classmethod
    def of(cls, catalog: Catalog) -> CatalogView:
        return cls(
            catalog.units,
            catalog.series,
            catalog.total_number,
            catalog.units_of,
            catalog.public,
            catalog.series_shown,
            catalog.units_shown,
        )


def _stands_for(digest: bytes) -> bytes:
    """What a shared object is pickled as inside another pickle: its digest."""
    return digest


class Fingerprints:
    """Digests of pages of one catalog; shared objects are digested once."""

    def __init__(self, catalog: Catalog, salt: bytes = b"") -> None:
        self._catalog = catalog
        self._stamps = catalog.publication.stamps
        self._salt = salt + edition_digest(catalog)
        self._reduced: dict[int, tuple[Any, ...]] = {}  # id → how the object is pickled
        self._keep: list[object] = []  # keeps ids in _digests from being reused
        self._ahead = False  # whether share() has run
        self._table: dict[type, Callable[[Any], tuple[Any, ...]]] = {
            Report: self._reduce_report,
            Issue: self._reduce_issue,
            Placed: self._reduce_placed,
            Unit: self._reduce_unit,
            RenderedBody: _reduce_body,
            **_SETS,
        }

    def share(self) -> None:
        """Digest the catalog's shared objects ahead, on every core when there
        are many, so that forked workers fingerprinting pages find them done
        instead of each digesting most of the archive again."""
        if self._ahead:
            return
        self._ahead = True
        table = self._table
        if self._stamps:
            # Reports and issues read with a cache are digested by their
            # stamps, and the rest is then cheaper done here than in workers
            # started for it (measured: 0.26 s here, 0.55 s forked, at ten
            # years). Each object keeps its digest as it is made.
            for obj in _shared_objects(self._catalog):
                table[type(obj)](obj)
            return
        objects = list(_shared_objects(self._catalog))

        def work(chunk: Sequence[object]) -> list[tuple[Any, ...]]:
            return [table[type(obj)](obj) for obj in chunk]

        for obj, reduced in zip(objects, forked_map(work, objects, PARALLEL_FROM), strict=True):
            if id(obj) not in self._reduced:
                self._reduced[id(obj)] = reduced
                self._keep.append(obj)

    def of(self, value: object) -> str:
        """The fingerprint of anything made from ``value`` alone (hex)."""
        return hashlib.sha256(self._salt + self._pickle(value)).hexdigest()

    def joined(self, kind: bytes, parts: Iterable[object]) -> str:
        """The fingerprint (hex) of a sequence of shared objects (issues,
        reports, places, bodies) or ``None``, made of their digests without
        a pickle: at ten years the search index keys 6,500 records a build."""
        reduced, table = self._reduced, self._table
        digests = [self._salt, _framed(kind)]
        for part in parts:
            found = None if part is None else reduced.get(id(part)) or table[type(part)](part)
            digests.append(b"\0" if found is None else _framed(found[1][0]))
        return hashlib.sha256(b"".join(digests)).hexdigest()

    def _pickle(self, value: object) -> bytes:
        return _dumps(value, self._table)

    def _shared(self, obj: object, extra: object) -> tuple[Any, ...]:
        # A frozen dataclass keeps its fields, in order, in its __dict__.
        return self._stand(obj, self._pickle((type(obj).__name__, vars(obj), extra)))

    def _stand(self, obj: object, made_of: bytes) -> tuple[Any, ...]:
        """Let ``obj`` stand for itself by the digest of ``made_of`` from now on."""
        reduced = self._reduced[id(obj)] = (_stands_for, (hashlib.sha256(made_of).digest(),))
        self._keep.append(obj)
        return reduced

    # Each shared object is met hundreds of thousands of times at ten years:
    # the lookup comes first, before the catalog is asked for the extras.
    def _reduce_report(self, report: Report) -> tuple[Any, ...]:
        return (
            self._reduced.get(id(report))
            or self._read(report, report.path, b"report")
            or self._shared(report, None)
        )

    def _read(self, obj: object, name: str, extra: bytes) -> tuple[Any, ...] | None:
        """A report or an issue as loaded stands for itself by the stamp of
        what it was read from (:attr:`Publication.stamps`, under ``name``),
        and ``extra``: equal stamps, equal objects. At ten years this spares
        pickling 40 MB of reports and 6,500 issues on every build. Only that
        very object: one made otherwise is pickled whole."""
        stamped = self._stamps.get(name)
        if stamped is None or stamped[0] is not obj:
            return None
        return self._stand(obj, b"kanwu read from\0" + stamped[1] + extra)

    def _reduce_issue(self, issue: Issue) -> tuple[Any, ...]:
        found = self._reduced.get(id(issue))
        if found is not None:
            return found
        total = self._catalog.total_number.get(issue.key)
        return self._read(issue, issue_stamp(issue.path), b"issue %r" % total) or self._shared(
            issue, total
        )

    def _reduce_unit(self, unit: Unit) -> tuple[Any, ...]:
        return self._reduced.get(id(unit)) or self._shared(unit, None)

    def _reduce_placed(self, placed: Placed) -> tuple[Any, ...]:
        found = self._reduced.get(id(placed))
        if found is not None:
            return found
        units = self._catalog.units_of(placed.report)
        if not _PLACED_JOINED:  # a field added since: pickled whole
            return self._shared(placed, units)
        # A placed report is its report and its issue: their digests, joined
        # without a pickle (32,000 of them at ten years).
        made_of = b"".join(
            (
                b"kanwu placed\0",
                self._reduce_report(placed.report)[1][0],
                self._reduce_issue(placed.issue)[1][0],
                "\0".join(units).encode(),
            )
        )
        return self._stand(placed, made_of)


# Whether a placed report is its report and its issue alone, as joined above.
_PLACED_JOINED = [f.name for f in dataclasses.fields(Placed)] == ["report", "issue"]
T = TypeVar("T")

# From this many values on, fingerprints are computed on every core.
PARALLEL_FROM = 2000


def fingerprints_of(
    fingerprints: Fingerprints,
    values: Sequence[T],
    what: Callable[[T], object],
    done: Callable[[int], object] | None = None,
    chunk: int | None = None,
    then: Callable[[T, str], object] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> list[str]:
    """The fingerprint of ``what(value)`` for each value, on every core when
    there are :data:`PARALLEL_FROM`: at ten years, building and pickling the context
    of every page is the largest part of a build that changed one issue.
    ``then`` is called with each value and its fingerprint where it was
    computed (in a forked worker, its effects stay there but for files);
    ``meanwhile`` as in :func:`~generator.site.forked.forked_map`."""

    def work(part: Sequence[T]) -> list[str]:
        found = []
        for value in part:
            fingerprint = fingerprints.of(what(value))
            if then is not None:
                then(value, fingerprint)
            found.append(fingerprint)
        return found

    if len(values) >= PARALLEL_FROM:
        fingerprints.share()
    return forked_map(work, values, PARALLEL_FROM, chunk=chunk, done=done, meanwhile=meanwhile)


def _shared_objects(catalog: Catalog) -> Iterator[object]:
    """The catalog's reports, issues and placed reports, each issue's together
    (a worker digests an issue's reports once, for the issue and its places)."""
    yield from catalog.units.values()
    for issue in catalog.issues.values():
        yield from issue.reports
        yield issue
        yield from (catalog.reports[r.id] for r in issue.reports if r.id in catalog.reports)


def _framed(data: bytes) -> bytes:
    """``data`` with its length first, so that joined parts cannot be split otherwise."""
    return bytes((len(data),)) + data


def _reduce_body(body: RenderedBody) -> tuple[Any, ...]:
    # A page shows a body's HTML and nothing else of it (see PageContexts.source).
    return (_stands_for, (b"kanwu body\0" + body.digest,))


def _reduce_set(value: set[Any] | frozenset[Any]) -> tuple[Any, ...]:
    # Set order follows string hashing, which differs between processes.
    return (type(value), (sorted(value, key=repr),))


_SETS: dict[type, Callable[[Any], tuple[Any, ...]]] = {set: _reduce_set, frozenset: _reduce_set}


def _dumps(value: object, table: Mapping[type, Callable[[Any], tuple[Any, ...]]]) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    # A dispatch table is consulted only for the types it names, so the
    # shared objects cost one dictionary lookup, everything else nothing.
    pickler.dispatch_table = table
    pickler.dump(value)
    return buffer.getvalue()


def edition_digest(catalog: Catalog) -> bytes:
    """What every page may show of the edition: journal.yml, units.yml,
    audience, and which series and units have pages."""
    data = (
        catalog.audience,
        # Where keys stand in journal.yml is for messages only: a comment
        # added at its top must not render every page again.
        dataclasses.replace(catalog.journal, lines={}),
        tuple(catalog.units.values()),
        catalog.series_shown,
        tuple(sorted(catalog.units_shown)),
    )
    return hashlib.sha256(_dumps(data, _SETS)).digest()
