"""The machine-readable archive (data/) as a function of the catalog: what
each edition holds, what it leaves out, and that its schemas mean something.

What is public is judged against what the corpus generator wrote (each
report's classification as its files state it), not against the catalog
that made the files."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from benchmarks.corpus import Corpus, generate
from generator.content.model import Issue, Publication, Report
from generator.content.pipeline import load_and_validate
from generator.site import opendata
from generator.site.catalog import Audience, build_catalog
from tests.helpers import SAMPLE

ISSUES_PER_YEAR = {"kuaibao": 40, "yaoqing": 10, "pishi": 10, "shangbao": 30, "jiaoliu": 20}
# What only the intranet edition says of an issue, and of a report.
INTERNAL_ISSUE = {"classification", "urgency", "issuer", "editor", "distribution"}
INTERNAL_REPORT = {
    "kind",
    "date",
    "classification",
    "follows",
    "followups",
    "instructions",
    "adoptions",
    "best_of_month",
    "instruction",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("opendata") / "content"
    return generate(root, years=1, issues_per_year=ISSUES_PER_YEAR, seed=12, vocabulary="bank")


def _publication(root: Path) -> Publication:
    publication, problems = load_and_validate(root)
    assert publication is not None and not problems.errors, problems
    return publication


@pytest.fixture(scope="module")
def corpus_publication(corpus: Corpus) -> Publication:
    return _publication(corpus.root)


@pytest.fixture(scope="module")
def sample_publication() -> Publication:
    return _publication(SAMPLE)


def _files(publication: Publication, audience: Audience) -> dict[str, bytes]:
    return opendata.data_files(build_catalog(publication, audience))


def _issue_files(files: dict[str, bytes]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, data in files.items():
        if path != opendata.CATALOG_FILE and not path.startswith(f"{opendata.SCHEMA_DIR}/"):
            yield path, json.loads(data)


def _is_public(classification: str | None) -> bool:
    return classification == "公开"


@pytest.mark.parametrize("audience", ["intranet", "public"])
@pytest.mark.parametrize("which", ["sample", "corpus"])
def test_every_file_is_valid_and_the_catalogue_lists_each_issue_file_with_its_checksum(
    request: pytest.FixtureRequest, which: str, audience: Audience
) -> None:
    publication = request.getfixturevalue(f"{which}_publication")
    catalog = build_catalog(publication, audience)
    files = opendata.data_files(catalog)
    listing = json.loads(files[opendata.CATALOG_FILE])
    checker = jsonschema.Draft202012Validator
    checker(opendata.schema(opendata.CATALOG_SCHEMA)).validate(listing)
    issue_checker = checker(opendata.schema(opendata.ISSUE_SCHEMA))
    issues = dict(_issue_files(files))
    for data in issues.values():
        issue_checker.validate(data)
    assert listing["edition"] == audience
    entries = listing["issues"]
    assert [e["id"] for e in entries] == [i.key for i in opendata.edition_issues(catalog)]
    assert sorted(e["id"] for e in entries) == sorted(catalog.issues)  # each issue once
    assert sorted(e["file"] for e in entries) == sorted(issues)
    for entry in entries:
        data = files[entry["file"]]
        assert (entry["bytes"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
        assert issues[entry["file"]]["url"] == entry["url"] == f"{entry['id']}/"
    assert listing["issue_count"] == len(entries) > 0
    assert listing["report_count"] == sum(len(d["reports"]) for d in issues.values())


def test_the_intranet_edition_holds_every_report_of_every_issue_in_page_order(
    corpus_publication: Publication, sample_publication: Publication
) -> None:
    for publication in (corpus_publication, sample_publication):
        issues = dict(_issue_files(_files(publication, "intranet")))
        assert len(issues) == len(publication.issues)
        for issue in publication.issues:
            data = issues[f"data/{issue.key}.json"]
            assert [r["id"] for r in data["reports"]] == [r.id for r in issue.reports]
            assert [r["title"] for r in data["reports"]] == [r.title for r in issue.reports]
            for report in data["reports"]:
                assert report.keys() >= INTERNAL_REPORT
            assert data.keys() >= INTERNAL_ISSUE


def test_the_public_edition_holds_every_public_report_and_no_other(
    corpus: Corpus, corpus_publication: Publication
) -> None:
    files = _files(corpus_publication, "public")
    found = {r["id"]: r["title"] for _, d in _issue_files(files) for r in d["reports"]}
    public = {
        r.id: r.title for i in corpus.issues for r in i.reports if _is_public(r.classification)
    }
    internal = [r.id for i in corpus.issues for r in i.reports if not _is_public(r.classification)]
    assert len(public) >= 10 and len(internal) > 100
    assert found == public
    # Issues with no public report have no file, and are not listed.
    listed = {e["id"] for e in json.loads(files[opendata.CATALOG_FILE])["issues"]}
    assert listed == {i.folder for i in corpus.issues if any(r.id in public for r in i.reports)}


def test_the_public_edition_holds_none_of_the_internal_fields(
    corpus_publication: Publication, sample_publication: Publication
) -> None:
    for publication in (corpus_publication, sample_publication):
        files = _files(publication, "public")
        assert len(files) > 4
        for path, data in _issue_files(files):
            assert not data.keys() & INTERNAL_ISSUE, path
            for report in data["reports"]:
                assert not report.keys() & INTERNAL_REPORT, path
        text = b"".join(files.values()).decode("utf-8")
        for issue in publication.issues:
            for name in (issue.issuer, issue.editor):
                assert not name or f'"{name}"' not in text


def test_an_internal_issue_shows_publicly_only_where_and_when(
    sample_publication: Publication,
) -> None:
    """Of an issue that is not itself public, the public edition keeps its
    public reports and where and when it appeared: no topic, no 编者按."""
    journal = sample_publication.journal
    mixed = {
        i.key
        for i in sample_publication.issues
        if (i.classification or journal.default_classification) != "公开"
        and any(r.classification == "公开" for r in i.reports)
    }
    assert mixed
    issues = tuple(
        dataclasses.replace(i, topic="内部主题", note="内部编者按") if i.key in mixed else i
        for i in sample_publication.issues
    )
    publication = dataclasses.replace(sample_publication, issues=issues)
    intranet, public = _files(publication, "intranet"), _files(publication, "public")
    for issue in (i for i in issues if i.key in mixed):
        shown = json.loads(intranet[f"data/{issue.key}.json"])
        assert shown["topic"] == "内部主题" and shown["has_note"] is True
        data = json.loads(public[f"data/{issue.key}.json"])
        assert data["topic"] is None and data["has_note"] is False
        public_ids = [r.id for r in issue.reports if r.classification == "公开"]
        assert [r["id"] for r in data["reports"]] == public_ids


def test_the_files_do_not_change_with_the_day_they_are_built(
    sample_publication: Publication,
) -> None:
    """An instruction overdue today was not yesterday; its file gives the
    due date and the handling, so that it reads the same every day."""
    days = [dt.date(2026, 9, 1), dt.date(2030, 1, 1)]
    catalogs = [build_catalog(sample_publication, "intranet", day) for day in days]
    assert {h.overdue for h in catalogs[1].handling.values()} != {
        h.overdue for h in catalogs[0].handling.values()
    }
    assert opendata.data_files(catalogs[0]) == opendata.data_files(catalogs[1])


def _new_issue(publication: Publication) -> Issue:
    """The next issue of 每日快报, naming no other report."""
    last = max((i for i in publication.issues if i.series == "kuaibao"), key=lambda i: i.number)
    number = last.number + 1
    folder = f"kuaibao/{last.year}/{number:03d}"
    report = Report(
        id=f"{folder}/01",
        path=f"{folder}/01.md",
        name="01",
        title="新增一期的示例稿件",
        units=last.reports[0].units,
    )
    return Issue("kuaibao", last.year, number, folder, last.date, reports=(report,))


@pytest.mark.parametrize("audience", ["intranet", "public"])
def test_adding_an_issue_changes_only_its_file_and_the_catalogue(
    sample_publication: Publication, audience: Audience
) -> None:
    issue = _new_issue(sample_publication)
    if audience == "public":
        issue = dataclasses.replace(issue, classification="公开")
    grown = dataclasses.replace(sample_publication, issues=(*sample_publication.issues, issue))
    before, after = _files(sample_publication, audience), _files(grown, audience)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed == {f"data/{issue.key}.json", opendata.CATALOG_FILE}


def _valid_documents(publication: Publication) -> tuple[dict[str, Any], dict[str, Any]]:
    files = _files(publication, "intranet")
    issue = json.loads(files["data/pishi/2026/019.json"])
    assert issue["reports"][0]["instruction"] is not None
    return json.loads(files[opendata.CATALOG_FILE]), issue


_DELETE = object()


def _changed(document: dict[str, Any], value: object, *path: str | int) -> dict[str, Any]:
    """A copy of ``document`` with the value at ``path`` set, or deleted."""
    broken = copy.deepcopy(document)
    *parents, last = path
    target: Any = broken
    for step in parents:
        target = target[step]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return broken


def test_each_schema_rejects_a_missing_field_a_wrong_type_and_internal_fields_in_public(
    sample_publication: Publication,
) -> None:
    listing, issue = _valid_documents(sample_publication)
    catalog_schema = opendata.schema(opendata.CATALOG_SCHEMA)
    issue_schema = opendata.schema(opendata.ISSUE_SCHEMA)
    jsonschema.validate(listing, catalog_schema, jsonschema.Draft202012Validator)
    jsonschema.validate(issue, issue_schema, jsonschema.Draft202012Validator)
    public = {k: v for k, v in issue.items() if k not in INTERNAL_ISSUE} | {"edition": "public"}
    public["reports"] = [
        {k: v for k, v in r.items() if k not in INTERNAL_REPORT} for r in issue["reports"]
    ]
    jsonschema.validate(public, issue_schema, jsonschema.Draft202012Validator)
    wrong = {
        "catalogue without issues": (_changed(listing, _DELETE, "issues"), catalog_schema),
        "entry without checksum": (
            _changed(listing, _DELETE, "issues", 0, "sha256"),
            catalog_schema,
        ),
        "size as text": (_changed(listing, "12", "issues", 0, "bytes"), catalog_schema),
        "checksum not hex": (_changed(listing, "xyz", "issues", 0, "sha256"), catalog_schema),
        "issue without number": (_changed(issue, _DELETE, "number"), issue_schema),
        "number as text": (_changed(issue, "19", "number"), issue_schema),
        "report without title": (_changed(issue, _DELETE, "reports", 0, "title"), issue_schema),
        "units not a list": (_changed(issue, "甲县", "reports", 0, "units"), issue_schema),
        "unknown status": (
            _changed(issue, "逾期", "reports", 0, "instruction", "status"),
            issue_schema,
        ),
        "intranet without issuer": (_changed(issue, _DELETE, "issuer"), issue_schema),
        "intranet report without classification": (
            _changed(issue, _DELETE, "reports", 0, "classification"),
            issue_schema,
        ),
        "public with issuer": (_changed(public, "某某", "issuer"), issue_schema),
        "public report with classification": (
            _changed(public, "公开", "reports", 0, "classification"),
            issue_schema,
        ),
        "unknown field": (_changed(issue, 1, "extra"), issue_schema),
    }
    accepted = [
        name
        for name, (document, schema) in wrong.items()
        if jsonschema.Draft202012Validator(schema).is_valid(document)
    ]
    assert accepted == []


def test_the_published_schemas_are_valid_draft_2020_12_with_chinese_titles() -> None:
    for path, data in opendata.schema_files().items():
        schema = json.loads(data)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert any("\u4e00" <= c <= "\u9fff" for c in schema["title"]), path
        for name, field in schema["properties"].items():
            assert "title" in field, (path, name)


@pytest.mark.parametrize("audience", ["intranet", "public"])
def test_a_corrected_report_carries_its_errata_in_both_editions(
    sample_publication: Publication, audience: Audience
) -> None:
    """The sample's 快报第180期 third report, 公开, was corrected on 2026年10月9日."""
    files = _files(sample_publication, audience)
    data = json.loads(files["data/kuaibao/2026/180.json"])
    errata = {r["id"]: r["errata"] for r in data["reports"]}
    assert errata.pop("kuaibao/2026/180/03") == [
        {
            "date": "2026-10-09",
            "change": "第一段“新增临时停车位2000个”更正为“新增临时停车位1200个”",
            "reason": "报送单位来函更正数据",
        }
    ]
    assert all(found == [] for found in errata.values())
