"""The site as a list of pages, and each page's data, from the catalog.

:func:`site_pages` is cheap (no rendering); :class:`PageContexts` computes
the data one template needs when that page is rendered, so memory stays flat
on a ten-year archive and ``serve`` renders only what changed hands.
Every page lists a bounded slice of the archive: an issue, a year of a
series, a month, a unit, or a year of a category or tag.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.content.model import (
    PUBLIC,
    Adoption,
    Erratum,
    Issue,
    Report,
    Series,
    Unit,
    canonical_report_id,
)
from generator.records.stats import Handling
from generator.site.bodies import Bodies, RenderedBody, render_bodies
from generator.site.catalog import Catalog, Placed
from generator.site.downloads import issue_downloads
from generator.site.labels import issue_number, month_label
from generator.site.markup import MarkdownRenderer
from generator.site.statspages import StatsContexts, stats_pages
from generator.site.urls import (
    Page,
    facet_url,
    issue_url,
    month_url,
    series_url,
    unit_url,
    year_url,
)

LATEST_ON_SERIES_PAGE = 10
URGENT_ON_HOME = 10
LATEST_ON_FACET_PAGE = 20
# A unit page lists whole years of reports, newest first, up to this many rows;
# older years are on /units/<unit>/<YYYY>/ so the page stays bounded.
UNIT_PAGE_ROWS = 400
UNIT_GROUP_ORDER = ("县区", "市本级", "市直", "特约")


FACETS = {"categories": "分类", "tags": "标签"}


def site_pages(catalog: Catalog) -> list[Page]:
    """Every page of the site, navigation pages first."""
    pages = [Page("", catalog.journal.title, "home", nav=True)]
    for series_id in catalog.series_shown:
        series = catalog.series[series_id]
        pages.append(Page(series_url(series.id), series.name, "series", series.id, nav=True))
    pages += [
        Page("units/", "信息网络单位", "units", nav=True),
        Page("archive/", "按月归档", "archive", nav=True),
        Page("categories/", "分类", "facets", "categories", nav=True),
        Page("tags/", "标签", "facets", "tags", nav=True),
        Page("search/", "搜索", "search"),
    ]
    pages += stats_pages(catalog)
    for series_id, issues in catalog.issues_by_series.items():
        series = catalog.series[series_id]
        for year in sorted({i.year for i in issues}):
            pages.append(
                Page(
                    year_url(series_id, year), f"{series.name} {year}年", "year", (series_id, year)
                )
            )
        for issue in issues:
            title = f"{series.name} {issue_number(issue)}"
            pages.append(Page(issue_url(issue), title, "issue", issue.key))
    for unit in catalog.units.values():
        if unit.id not in catalog.units_shown:
            continue
        pages.append(Page(unit_url(unit.id), unit.name, "unit", unit.id))
        for year in sorted({p.date.year for p in catalog.by_unit.get(unit.id, ())}):
            title = f"{unit.name} {year}年"
            pages.append(Page(unit_url(unit.id, year), title, "unit_year", (unit.id, year)))
    for year, month in sorted(catalog.by_month):
        pages.append(Page(month_url(year, month), month_label(year, month), "month", (year, month)))
    for facet, index in (("categories", catalog.by_category), ("tags", catalog.by_tag)):
        for name, items in sorted(index.items()):
            label = f"{FACETS[facet]}:{name}"
            pages.append(Page(facet_url(facet, name), label, "facet", (facet, name)))
            for year in sorted({p.date.year for p in items}):
                pages.append(
                    Page(
                        facet_url(facet, name, year),
                        f"{label}（{year}年）",
                        "facet_year",
                        (facet, name, year),
                    )
                )
    return pages


# -- What each page shows -------------------------------------------------------


@dataclass(frozen=True)
class ReportView:
    """A report as the issue page shows it, with its links resolved."""

    placed: Placed
    html: str
    units: tuple[Unit, ...]
    classification: str
    follows: Placed | None = None
    followups: tuple[Placed, ...] = ()
    instructions: tuple[Placed, ...] = ()
    on: tuple[Placed, ...] = ()
    assigned: tuple[Unit, ...] = ()
    adoptions: tuple[Adoption, ...] = ()
    best: tuple[int, int] | None = None
    award: int | None = None  # the year it was chosen 年度优秀信息
    handling: Handling | None = None
    errata: tuple[Erratum, ...] = ()

    @property
    def report(self) -> Report:
        return self.placed.report


@dataclass(frozen=True)
class YearGroup:
    year: int
    items: tuple[Placed, ...]


@dataclass
class PageContexts(StatsContexts):
    """Computes the template data of each page kind from the catalog."""

    catalog: Catalog
    markdown: MarkdownRenderer = field(default_factory=MarkdownRenderer)
    # Set by the build, which knows the content folder (see :meth:`rendered`).
    bodies: Bodies | None = None
    _years_of: dict[tuple[str, str], dict[int, tuple[Placed, ...]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def rendered(self) -> Bodies:
        """The edition's report bodies and 编者按, rendered once. The build sets
        them with its content folder; rendered here they publish no file."""
        if self.bodies is None:
            self.bodies = render_bodies(self.catalog, None, self.markdown)
        return self.bodies

    def context(self, page: Page) -> dict[str, Any]:
        builder = getattr(self, f"page_{page.kind}")
        return builder(page.key) if page.key is not None else builder()

    def source(self, page: Page) -> object:
        """What the page is made from, for its fingerprint: its data, or for
        a kind with a ``source_<kind>`` a smaller value from which
        ``page_<kind>`` makes the data, reading nothing else that the
        fingerprint does not cover."""
        maker = getattr(self, f"source_{page.kind}", None)
        if maker is None:
            return self.context(page)
        return ("source", maker(page.key) if page.key is not None else maker())

    def _by_year(
        self, key: tuple[str, str], items: tuple[Placed, ...]
    ) -> dict[int, tuple[Placed, ...]]:
        """``items`` (newest first) split by year, once per list: a unit or a
        tag has a page for each of its years."""
        if key not in self._years_of:
            self._years_of[key] = {g.year: g.items for g in _by_year(items)}
        return self._years_of[key]

    def placed_list(self, ids: Iterable[str]) -> tuple[Placed, ...]:
        return tuple(self.catalog.reports[i] for i in ids if i in self.catalog.reports)

    def unit_list(self, ids: Iterable[str]) -> tuple[Unit, ...]:
        return tuple(self.catalog.units[i] for i in ids if i in self.catalog.units)

    def page_home(self) -> dict[str, Any]:
        latest = []
        urgent: list[Issue] = []
        for series in self.catalog.series.values():
            issues = self.catalog.issues_by_series.get(series.id, ())
            if issues:
                latest.append((series, issues[-1]))
            urgent += [i for i in issues[-URGENT_ON_HOME:] if i.urgency]
        urgent.sort(key=lambda i: (i.date, i.key), reverse=True)
        # Urgency is a mark of the office's documents, not of a public column.
        return {"latest": latest, "urgent": [] if self.catalog.public else urgent[:URGENT_ON_HOME]}

    def page_series(self, series_id: str) -> dict[str, Any]:
        issues = self.catalog.issues_by_series.get(series_id, ())
        years = Counter(i.year for i in issues)
        return {
            "series": self.catalog.series[series_id],
            "latest": tuple(reversed(issues[-LATEST_ON_SERIES_PAGE:])),
            "years": sorted(years.items(), reverse=True),
        }

    def page_year(self, key: tuple[str, int]) -> dict[str, Any]:
        series_id, year = key
        issues = [i for i in self.catalog.issues_by_series[series_id] if i.year == year]
        return {"series": self.catalog.series[series_id], "year": year, "issues": issues[::-1]}

    def source_issue(self, key: str) -> tuple[Any, ...]:
        """What an issue page is made from (:meth:`_issue`): the issue, its
        number in the whole series, its neighbours, its 编者按 and, for each
        report, :meth:`_report_source`. A fingerprint takes each issue, place
        and body by its digest, so this costs a few lookups per report; the
        page's data, with each report's HTML, would have to be pickled whole."""
        placed_issue = self.catalog.issues[key]
        series = self.catalog.series[placed_issue.series]
        return (
            placed_issue,
            self.catalog.total_number[key],
            self.catalog.previous.get(key),
            self.catalog.next.get(key),
            self.rendered().body(key),
            tuple(
                self._report_source(self.catalog.reports[r.id], series)
                for r in placed_issue.reports
            ),
        )

    def page_issue(self, key: str) -> dict[str, Any]:
        return self._issue(*self.source_issue(key))

    def _issue(
        self,
        placed_issue: Issue,
        total: int,
        previous: Issue | None,
        following: Issue | None,
        note: RenderedBody | None,
        reports: tuple[tuple[Any, ...], ...],
    ) -> dict[str, Any]:
        """An issue page's data, from :meth:`source_issue` alone (and what
        every fingerprint covers: the journal, the units, the audience)."""
        distribution = (
            placed_issue.distribution
            if placed_issue.distribution is not None
            else self.catalog.journal.distribution
        )
        series = self.catalog.series[placed_issue.series]
        return {
            "series": series,
            "issue": placed_issue,
            "total": total,
            "reports": [self._report_view(*source) for source in reports],
            "note_html": note.html if note else "",
            "distribution": distribution,
            "previous": previous,
            "next": following,
            "classification": PUBLIC
            if self.catalog.audience == "public"
            else placed_issue.classification or self.catalog.journal.default_classification,
            "downloads": issue_downloads(self.catalog.journal.title, series, placed_issue)
            if self.downloads
            else (),
        }

    def _report_source(self, placed: Placed, series: Series) -> tuple[Any, ...]:
        """What a report's part of its issue page is made from: its place,
        its body, and the reports and ledger records linked to it."""
        report = placed.report
        return (
            placed,
            self.rendered().rendered[report.id],
            self.catalog.reports.get(canonical_report_id(report.follows))
            if report.follows
            else None,
            self.placed_list(self.catalog.followups.get(report.id, ())),
            self.placed_list(self.catalog.instructions.get(report.id, ())),
            self.placed_list(canonical_report_id(t) for t in report.on)
            if series.is_instructions
            else (),
            self.catalog.adoptions.get(report.id, ()),
            self.catalog.best.get(report.id),
            self.catalog.awards.get(report.id),
            self.catalog.handling.get(report.id),
            self.catalog.errata.get(report.id, ()),
        )

    def _report_view(
        self,
        placed: Placed,
        body: RenderedBody,
        follows: Placed | None,
        followups: tuple[Placed, ...],
        instructions: tuple[Placed, ...],
        on: tuple[Placed, ...],
        adoptions: tuple[Adoption, ...],
        best: tuple[int, int] | None,
        award: int | None,
        handling: Handling | None,
        errata: tuple[Erratum, ...],
    ) -> ReportView:
        report = placed.report
        return ReportView(
            placed=placed,
            html=body.html,
            units=self.unit_list(self.catalog.units_of(report)),
            classification=self.catalog.classification(report, placed.issue),
            follows=follows,
            followups=followups,
            instructions=instructions,
            on=on,
            assigned=self.unit_list(report.assigned),
            adoptions=adoptions,
            best=best,
            award=award,
            handling=handling,
            errata=errata,
        )

    def page_search(self) -> dict[str, Any]:
        return {}

    def page_units(self) -> dict[str, Any]:
        counts = {uid: len(items) for uid, items in self.catalog.by_unit.items()}
        groups: dict[str, list[Unit]] = defaultdict(list)
        departed: list[Unit] = []
        for unit in self.catalog.units.values():
            if unit.id in self.catalog.units_shown:
                (departed if unit.until else groups[unit.group or "其他"]).append(unit)
        ordered = sorted(
            groups.items(),
            key=lambda g: (UNIT_GROUP_ORDER.index(g[0]) if g[0] in UNIT_GROUP_ORDER else 99, g[0]),
        )
        total = sum(len(units) for _, units in ordered) + len(departed)
        return {"groups": ordered, "departed": departed, "counts": counts, "total": total}

    def page_unit(self, unit_id: str) -> dict[str, Any]:
        items = self.catalog.by_unit.get(unit_id, ())
        # Which reports leaders instructed on is the office's record, not the public's.
        instructed = [
            (placed, self.placed_list(self.catalog.instructions[placed.report.id]))
            for placed in items
            if placed.report.id in self.catalog.instructions and not self.catalog.public
        ]
        joint = Counter(
            other for placed in items for other in placed.report.units if other != unit_id
        )
        years = _by_year(items)
        shown: list[YearGroup] = []
        for group in years:
            if shown and sum(len(g.items) for g in shown) + len(group.items) > UNIT_PAGE_ROWS:
                break
            shown.append(group)
        return {
            "record": self._unit_record(unit_id),
            "unit": self.catalog.units[unit_id],
            "years": shown,
            "older": years[len(shown) :],
            "total": len(items),
            "instructed": instructed,
            "partners": self.unit_list(uid for uid, _ in joint.most_common()),
            **self._unit_duties(unit_id),
        }

    def _unit_duties(self, unit_id: str) -> dict[str, Any]:
        """The unit's urgent reports waiting for a 续报 today, and its late
        urgent 来稿 of the latest year; none in the public edition."""
        if self.catalog.audience != "intranet":
            return {"waiting": [], "late": [], "late_year": None}
        today = self.catalog.today
        reports = self.catalog.reports
        waiting = [
            (reports[u.report.id], u.urgency, (today - u.issue.date).days)
            for u in self.waiting_today
            if unit_id in u.report.units and u.report.id in reports
        ]
        late = [late for late in self.ledger.late if unit_id in late.submission.units]
        latest = max((late.received.year for late in late), default=None)
        return {
            "waiting": waiting,
            "late": [late for late in late if late.received.year == latest],
            "late_year": latest,
        }

    def _unit_record(self, unit_id: str) -> list[tuple[int, Any, int]]:
        """(year, row, rank) of the unit's statistics, newest year first; none
        in the public edition, which holds no statistics."""
        if self.catalog.audience != "intranet":
            return []
        years = sorted({key[0] for key in self.catalog.by_month}, reverse=True)
        record = []
        for number in years:
            stats = self.year_stats(number)
            rank = next((i for i, r in enumerate(stats.rows, 1) if r.unit.id == unit_id), 0)
            if rank:
                record.append((number, stats.rows[rank - 1], rank))
        return record

    def page_unit_year(self, key: tuple[str, int]) -> dict[str, Any]:
        unit_id, year = key
        items = self._by_year(("unit", unit_id), self.catalog.by_unit[unit_id]).get(year, ())
        return {"unit": self.catalog.units[unit_id], "year": year, "items": items}

    def page_archive(self) -> dict[str, Any]:
        years: dict[int, dict[int, int]] = defaultdict(dict)
        for (year, month), items in self.catalog.by_month.items():
            years[year][month] = len(items)
        return {"years": sorted(years.items(), reverse=True)}

    def page_month(self, key: tuple[int, int]) -> dict[str, Any]:
        year, month = key
        days: dict[Any, list[Placed]] = defaultdict(list)
        for placed in self.catalog.by_month[key]:
            days[placed.date].append(placed)
        return {"year": year, "month": month, "days": list(days.items())}

    def _facet_index(self, facet: str) -> Mapping[str, tuple[Placed, ...]]:
        return self.catalog.by_category if facet == "categories" else self.catalog.by_tag

    def page_facets(self, facet: str) -> dict[str, Any]:
        index = self._facet_index(facet)
        if facet == "categories":
            names = [c for c in self.catalog.journal.categories if c in index]
        else:
            names = sorted(index, key=lambda n: (-len(index[n]), n))
        return {"facet": facet, "label": FACETS[facet], "names": names, "index": index}

    def page_facet(self, key: tuple[str, str]) -> dict[str, Any]:
        facet, name = key
        items = self._facet_index(facet)[name]
        years = Counter(p.date.year for p in items)
        return {
            "facet": facet,
            "label": FACETS[facet],
            "name": name,
            "years": sorted(years.items(), reverse=True),
            "latest": items[:LATEST_ON_FACET_PAGE],
            "total": len(items),
        }

    def page_facet_year(self, key: tuple[str, str, int]) -> dict[str, Any]:
        facet, name, year = key
        items = self._by_year((facet, name), self._facet_index(facet)[name]).get(year, ())
        return {"facet": facet, "label": FACETS[facet], "name": name, "year": year, "items": items}


def _by_year(items: Iterable[Placed]) -> list[YearGroup]:
    groups: dict[int, list[Placed]] = defaultdict(list)
    for placed in items:
        groups[placed.date.year].append(placed)
    return [YearGroup(year, tuple(groups[year])) for year in sorted(groups, reverse=True)]
