"""The machine-readable archive under ``data/``: one JSON file per issue, a
catalogue of them all, and the JSON Schemas that describe both.

Other systems (an OA platform, the provincial platform) read the archive
from here instead of scraping pages. The catalogue ``data/catalog.json``
lists every issue of the edition with the path, size and SHA-256 of its
file ``data/<series>/<YYYY>/<NNN>.json``; a reader fetches the catalogue and
then only the files whose checksum changed. Reports appear as metadata, never
their bodies.

An edition publishes what its pages show. The intranet edition holds every
report's metadata, with the office's apparatus (公开属性, 紧急程度, 签发, 责任编辑,
版记) and records (续报, 批示 and their handling, 采用, 月度最佳). The public
edition is made from the public catalog, which holds only 公开 reports (see
:func:`generator.site.catalog.edition_issue`), and leaves all of that out,
also for an issue that is itself 公开; its schema forbids those fields there.

Every file is a function of the catalog alone, with nothing of the build
(no time, no site address): the same content gives the same bytes, so a build
writes only files whose bytes changed. A file depends on its issue, the
journal's title and series names, the units' names and the records about its
reports, never on other issues: adding an issue changes its own file and the
catalogue. (Neighbours are therefore not named in an issue's file; the
catalogue gives the order. An instruction's 逾期 is not given either, as it
changes with the day of the build: its 办理时限 and status are.)

All URLs and paths are relative to the site root, which every file names
relative to itself (``site_root``): the site may be served under a sub-path
and may have no address configured.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from generator.content.model import Issue, Report, canonical_report_id
from generator.site.catalog import Catalog
from generator.site.labels import cn_date, full_number, issue_number
from generator.site.urls import relative, series_url

DATA_DIR = "data"
CATALOG_FILE = f"{DATA_DIR}/catalog.json"
SCHEMA_DIR = f"{DATA_DIR}/schema"
CATALOG_SCHEMA = f"{SCHEMA_DIR}/catalog.schema.json"
ISSUE_SCHEMA = f"{SCHEMA_DIR}/issue.schema.json"
# The version of the format; raised when a field changes meaning or goes.
FORMAT = 1
# The schemas, shipped with the code (pyproject.toml: package data).
SCHEMAS = Path(__file__).resolve().with_name("schemas")

Json = dict[str, Any]


class Stored(NamedTuple):
    """What the catalogue says of a file: its size and its checksum."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> Stored:
        return cls(len(data), hashlib.sha256(data).hexdigest())


def data_files(catalog: Catalog) -> dict[str, bytes]:
    """Every file of the machine-readable archive, by its site path: the
    schemas, one file per issue of the edition, and the catalogue."""
    files = dict(schema_files())
    stored = {}
    for issue in edition_issues(catalog):
        data = files[issue_file(issue)] = issue_bytes(catalog, issue)
        stored[issue.key] = Stored.of(data)
    files[CATALOG_FILE] = catalog_bytes(catalog, stored)
    return files


def edition_issues(catalog: Catalog) -> Iterator[Issue]:
    """The issues of the edition, as the catalogue lists them: series in
    journal order, each oldest first."""
    for series_id in catalog.series_shown:
        yield from catalog.issues_by_series.get(series_id, ())


def issue_file(issue: Issue | str) -> str:
    """Where the file of an issue (or of the issue of that key) is:
    ``data/kuaibao/2026/035.json``."""
    return f"{DATA_DIR}/{issue if isinstance(issue, str) else issue.key}.json"


def issue_bytes(catalog: Catalog, issue: Issue) -> bytes:
    """The file of one issue of the edition."""
    return encode(issue_data(catalog, issue))


def catalog_bytes(catalog: Catalog, stored: Mapping[str, Stored]) -> bytes:
    """The catalogue, given the size and checksum of each issue's file (by
    issue key): a build that reuses a file need not make it again to list it."""
    journal = catalog.journal
    entries = []
    reports = 0
    for issue in edition_issues(catalog):
        key = issue.key  # computed anew each time it is asked for
        size, sha256 = stored[key]
        reports += len(issue.reports)
        entries.append(
            {
                "id": key,
                "series": issue.series,
                "year": issue.year,
                "number": issue.number,
                "total_number": catalog.total_number[key],
                "date": issue.date.isoformat(),
                "url": f"{key}/",
                "file": issue_file(key),
                "bytes": size,
                "sha256": sha256,
            }
        )
    data = {
        "$schema": relative(CATALOG_SCHEMA, DATA_DIR),
        "format": FORMAT,
        "generator": "kanwu",
        "edition": catalog.audience,
        "site_root": _root_from(CATALOG_FILE),
        "journal": {"title": journal.title, "publisher": journal.publisher},
        "series": [
            {"id": s, "name": catalog.series[s].name, "url": series_url(s)}
            for s in catalog.series_shown
        ],
        "issue_count": len(entries),
        "report_count": reports,
        "issues": entries,
    }
    return encode(data)


@functools.cache
def schema_files() -> dict[str, bytes]:
    """The published schemas, by site path, as shipped."""
    return {
        path: (SCHEMAS / Path(path).name).read_bytes() for path in (CATALOG_SCHEMA, ISSUE_SCHEMA)
    }


def schema(path: str) -> Json:
    """A schema (:data:`CATALOG_SCHEMA` or :data:`ISSUE_SCHEMA`) as data."""
    loaded: Json = json.loads(schema_files()[path])
    return loaded


def encode(data: Json) -> bytes:
    """A file's bytes: UTF-8 as written (no ``\\u`` escapes), keys in the
    order made here, no spaces, one line ending in a newline."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _root_from(path: str) -> str:
    """The site root as seen from the file at ``path``: ``../../../``."""
    return "../" * path.count("/")


# Every issue's file is at the same depth: data/<series>/<YYYY>/<NNN>.json.
_ISSUE_ROOT = "../../../"
_ISSUE_SCHEMA_LINK = relative(ISSUE_SCHEMA, f"{DATA_DIR}/series/year")


def issue_data(catalog: Catalog, issue: Issue) -> Json:
    """An issue's file, as data: the issue as its page heads it, then its
    reports in page order."""
    key = issue.key
    series = catalog.series[issue.series]
    total = catalog.total_number[key]
    url = f"{key}/"
    journal = catalog.journal
    data: Json = {
        "$schema": _ISSUE_SCHEMA_LINK,
        "format": FORMAT,
        "edition": catalog.audience,
        "site_root": _ISSUE_ROOT,
        "journal": journal.title,
        "id": key,
        "series": {"id": series.id, "name": series.name},
        "year": issue.year,
        "number": issue.number,
        "total_number": total,
        "date": issue.date.isoformat(),
        "labels": {
            "number": issue_number(issue),
            "full_number": full_number(issue, total),
            "date": cn_date(issue.date),
        },
        "url": url,
        "topic": issue.topic,
        "has_note": bool(issue.note.strip()),
    }
    reports = [_report_data(catalog, report, url) for report in issue.reports]
    if catalog.public:
        data["reports"] = reports
        return data
    level = issue.classification or journal.default_classification
    distribution = issue.distribution if issue.distribution is not None else journal.distribution
    data |= {
        "classification": level,
        "urgency": issue.urgency,
        "issuer": issue.issuer,
        "editor": issue.editor,
        "distribution": [{"label": label, "value": value} for label, value in distribution],
        "reports": reports,
    }
    for report, made in zip(issue.reports, reports, strict=True):
        made |= _records(catalog, report, level, series.is_instructions)
    return data


def _report_data(catalog: Catalog, report: Report, url: str) -> Json:
    """What both editions say of a report: what its public page shows."""
    return {
        "id": report.id,
        "anchor": report.anchor,
        "url": f"{url}#{report.anchor}",
        "title": report.title,
        "units": _units(catalog, catalog.units_of(report)),
        "category": report.category,
        "tags": list(report.tags),
        # A 勘误 is shown wherever its report is, so both editions carry it.
        "errata": [
            {"date": e.date.isoformat(), "change": e.change, "reason": e.reason}
            for e in catalog.errata.get(report.id, ())
        ],
    }


def _records(catalog: Catalog, report: Report, level: str, instructions: bool) -> Json:
    """What the intranet edition adds of a report: the office's own fields
    and records. ``level`` is its issue's classification."""
    rid = report.id
    best = catalog.best.get(rid)
    return {
        "kind": report.kind,
        "date": report.date.isoformat() if report.date else None,
        "classification": report.classification or level,
        "follows": canonical_report_id(report.follows) if report.follows else None,
        "followups": list(catalog.followups.get(rid, ())),
        "instructions": list(catalog.instructions.get(rid, ())),
        "adoptions": [
            {"by": a.by, "date": a.date.isoformat(), "where": a.where or None}
            for a in catalog.adoptions.get(rid, ())
        ],
        "best_of_month": f"{best[0]:04d}-{best[1]:02d}" if best else None,
        "instruction": _instruction(catalog, report) if instructions else None,
    }


def _instruction(catalog: Catalog, report: Report) -> Json:
    """A leader's instruction (批示): on what, by whom, to whom, by when, and
    how its handling stands."""
    handling = catalog.handling.get(report.id)
    return {
        "leader": report.leader,
        "on": [canonical_report_id(target) for target in report.on],
        "assigned": _units(catalog, report.assigned),
        "due": report.due.isoformat() if report.due else None,
        "status": handling.status if handling else "未反馈",
        "feedback": [
            {
                "date": event.date.isoformat(),
                "unit": _unit(catalog, event.unit),
                "status": event.status,
                "note": event.note or None,
            }
            for event in (handling.events if handling else ())
        ],
    }


def _units(catalog: Catalog, ids: tuple[str, ...]) -> list[Json]:
    return [_unit(catalog, uid) for uid in ids]


def _unit(catalog: Catalog, uid: str) -> Json:
    unit = catalog.units.get(uid)
    return {"id": uid, "name": unit.name if unit else uid}
