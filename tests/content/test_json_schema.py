"""The JSON Schemas an editor's YAML extension checks with: they accept the
sample publication, and reject every field mistake ``kanwu check`` rejects,
planted in every declared field of every kind of file."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.content import json_schema, load
from generator.content.diagnostics import Problems
from generator.content.ledger import EVENT_FIELDS
from generator.content.schema import Field, FieldReader
from generator.content.source import parse_yaml
from tests.helpers import REPO, SAMPLE, kanwu

Schema = dict[str, Any]


def _plain(data: Any) -> Any:
    """YAML as an editor's YAML extension reads it (YAML 1.2, as kanwu does:
    ``on`` is a key, not true): a date is text, a number a number."""
    if isinstance(data, dict):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date):
        return getattr(data, "source", data.isoformat())
    if isinstance(data, bool):
        return data
    if isinstance(data, int | float):
        return float(data) if isinstance(data, float) else int(data)
    return data


def _read(text: str) -> Any:
    problems = Problems()
    data = parse_yaml(text, "sample", 0, problems)
    assert not problems.errors, problems
    return _plain(data)


def _front_matter(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return _read(text[4 : text.index("\n---", 3)])


def _yaml(path: Path) -> Any:
    return _read(path.read_text(encoding="utf-8"))


def _valid(schema: Schema, data: Any) -> bool:
    return jsonschema.Draft7Validator(schema).is_valid(data)


def _sample_documents() -> Iterator[tuple[str, Schema, Any]]:
    instructions = {
        s["id"] for s in _yaml(SAMPLE / "journal.yml")["series"] if s.get("type") == "instructions"
    }
    yield "journal.yml", json_schema.journal_schema(), _yaml(SAMPLE / "journal.yml")
    yield "units.yml", json_schema.units_schema(), _yaml(SAMPLE / "units.yml")
    for path in sorted((SAMPLE / "ledger").glob("*.yml")):
        yield path.name, json_schema.ledger_schema(), _yaml(path)
    for path in sorted(SAMPLE.glob("*/*/*/*.md")):
        rel = path.relative_to(SAMPLE).as_posix()
        if path.name == "index.md":
            schema = json_schema.issue_schema()
        elif rel.split("/")[0] in instructions:
            schema = json_schema.instruction_schema()
        else:
            schema = json_schema.report_schema()
        yield rel, schema, _front_matter(path)


def test_the_sample_publication_passes_every_schema() -> None:
    documents = list(_sample_documents())
    assert len(documents) > 100
    failing = [name for name, schema, data in documents if not _valid(schema, data)]
    assert failing == []


# A value FieldReader refuses for each kind of field.
WRONG = {
    "text": {"一个": "键值对"},
    "number": "很多",
    "count": -1,
    "bool": "是",
    "date": "明天",
    "texts": {"一个": "键值对"},
    "pairs": ["列表"],
    "numbers": {"省委办公厅": "五分"},
    "map": ["列表"],
    "list": "一段文字",
}


# (what, schema, a valid document, where in it the fields are, their declarations)
def _targets() -> Iterator[tuple[str, Schema, Any, Callable[[Any], Any], dict[str, Field]]]:
    journal = _yaml(SAMPLE / "journal.yml")
    yield "journal.yml", json_schema.journal_schema(), journal, lambda d: d, load.JOURNAL_FIELDS
    for what, where, fields in (
        ("专刊", lambda d: d["series"][0], load.SERIES_FIELDS),
        ("积分规则", lambda d: d["scoring"], load.SCORING_FIELDS),
        ("调研任务", lambda d: d["quotas"], load.QUOTA_FIELDS),
    ):
        yield what, json_schema.journal_schema(), journal, where, fields
    units = _yaml(SAMPLE / "units.yml")
    unit = {**units[0], "until": "2026-12-31"}  # every field present
    yield "units.yml", json_schema.units_schema(), [unit], lambda d: d[0], load.UNIT_FIELDS
    events = [e for path in (SAMPLE / "ledger").glob("*.yml") for e in _yaml(path)]
    for kind, fields in EVENT_FIELDS.items():
        event = next(e for e in events if e["event"] == kind)
        event = {**event, **{k: "备注" for k in fields if k not in event}}
        yield f"台账 {kind}", json_schema.ledger_schema(), [event], lambda d: d[0], fields
    issue = _front_matter(SAMPLE / "yaoqing/2026/031/index.md")
    yield "index.md", json_schema.issue_schema(), issue, lambda d: d, load.ISSUE_FIELDS
    report = _front_matter(next((SAMPLE / "kuaibao/2026/175").glob("0*.md")))
    yield "稿件", json_schema.report_schema(), report, lambda d: d, load.REPORT_FIELDS
    instruction = _front_matter(next((SAMPLE / "pishi/2026/021").glob("0*.md")))
    yield (
        "批示",
        json_schema.instruction_schema(),
        instruction,
        lambda d: d,
        load.INSTRUCTION_FIELDS,
    )


def _mistakes() -> Iterator[Any]:
    for what, schema, document, at, fields in _targets():
        yield pytest.param(schema, document, at, fields, "bogus", "未知字段", id=f"{what}-未知字段")
        for name, field in fields.items():
            if name == "event":
                continue  # which kind of event: the schema's oneOf, kanwu's own message
            yield pytest.param(
                schema, document, at, fields, name, WRONG[field.kind], id=f"{what}-{name}-类型"
            )
            if field.choices:
                yield pytest.param(
                    schema, document, at, fields, name, "不在其中", id=f"{what}-{name}-可选值"
                )
            if field.required:
                yield pytest.param(
                    schema, document, at, fields, name, None, id=f"{what}-{name}-缺少"
                )


def _kanwu_reads(fields: dict[str, Field], mapping: Any) -> Problems:
    """What ``kanwu check`` says of this mapping: its FieldReader, on the YAML text."""
    problems = Problems()
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    data = parse_yaml(text, "planted.yml", 0, problems)
    FieldReader("planted.yml", problems).read(data, fields, "planted")
    return problems


@pytest.mark.parametrize(("schema", "document", "at", "fields", "name", "value"), list(_mistakes()))
def test_a_field_mistake_kanwu_check_rejects_the_schema_rejects(
    schema: Schema,
    document: Any,
    at: Callable[[Any], Any],
    fields: dict[str, Field],
    name: str,
    value: Any,
) -> None:
    assert _valid(schema, document)
    assert not _kanwu_reads(fields, at(document)).errors
    planted = copy.deepcopy(document)
    if value is None:
        del at(planted)[name]
    else:
        at(planted)[name] = value
    assert _kanwu_reads(fields, at(planted)).errors  # kanwu check refuses it
    assert not _valid(schema, planted)


def test_the_schemas_in_the_repository_are_those_kanwu_writes(tmp_path: Path) -> None:
    result = kanwu("schema", tmp_path)
    assert result.returncode == 0, result.stderr
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    assert written.keys() == json_schema.SCHEMAS.keys()
    kept = REPO / ".vscode" / "kanwu"
    assert {name: (kept / name).read_text(encoding="utf-8") for name in written} == written
    for text in written.values():
        jsonschema.Draft7Validator.check_schema(json.loads(text))
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = set(settings["yaml.schemas"])
    assert {f"./.vscode/kanwu/{n}" for n in ("journal", "units", "ledger")} <= {
        m.removesuffix(".schema.json") for m in mapped
    }
