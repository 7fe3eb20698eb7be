"""JSON Schemas of what editors write, made from the very field declarations
``kanwu check`` reads it with (:mod:`generator.content.schema`).

An editor's YAML extension then completes keys, shows each key's Chinese
name, and flags a wrong type, an unknown key, a missing required key or a
value outside its choices as the editor types. Only what one file says alone
is here: whether a unit exists, a report referred to is published, or an
issue's date lies in its year folder takes the whole archive, and stays with
``kanwu check``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.content.inbox import SUBMISSION_FIELDS
from generator.content.ledger import EVENT_FIELDS
from generator.content.load import (
    DUTY_FIELDS,
    INSTRUCTION_FIELDS,
    ISSUE_FIELDS,
    JOURNAL_FIELDS,
    QUOTA_FIELDS,
    REPORT_FIELDS,
    SCORING_FIELDS,
    SERIES_FIELDS,
    UNIT_FIELDS,
)
from generator.content.schema import EXPECTED, Field

DRAFT = "http://json-schema.org/draft-07/schema#"
# A YAML scalar read as text is taken as written: 010, 12:30, true (schema.py).
_SCALAR = ["string", "number", "boolean"]


def _value(field: Field) -> dict[str, Any]:
    """What one field's value may be, as FieldReader accepts it."""
    match field.kind:
        case "text":
            value: dict[str, Any] = {"type": _SCALAR, "minLength": 1}
        case "number":
            value = {"type": "number"}
        case "count":
            value = {"type": "integer", "minimum": 0}
        case "bool":
            value = {"type": "boolean"}
        case "date":
            value = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        case "datetime":
            value = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}(:\d{2})?$"}
        case "dates":
            day = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
            value = {"anyOf": [day, {"type": "array", "items": day, "minItems": 1}]}
        case "texts":
            one = {"type": _SCALAR, "minLength": 1}
            value = {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
        case "pairs":
            value = {"type": "object", "additionalProperties": {"type": _SCALAR}}
        case "numbers":
            value = {"type": "object", "additionalProperties": {"type": "number"}}
        case "map":
            value = {"type": "object"}
        case "list":
            value = {"type": "array", "minItems": 1}
    if field.choices:
        value = {"enum": list(field.choices)}
    return value


def _property(field: Field, value: dict[str, Any] | None = None) -> dict[str, Any]:
    described = {"title": field.label, "description": f"{field.label}：{EXPECTED[field.kind]}"}
    value = value or _value(field)
    if field.required:
        return {**described, **value}
    # An empty optional key is as good as none (FieldReader skips it).
    return {**described, "anyOf": [value, {"type": "null"}, {"const": ""}, {"const": []}]}


def mapping(
    fields: Mapping[str, Field],
    title: str,
    nested: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A YAML mapping of ``fields`` and nothing else; ``nested`` gives some
    of them a schema of their own (a list of series, the scoring rules)."""
    nested = nested or {}
    return {
        "type": "object",
        "title": title,
        "properties": {name: _property(field, nested.get(name)) for name, field in fields.items()},
        "required": [name for name, field in fields.items() if field.required],
        "additionalProperties": False,
    }


def _document(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return {"$schema": DRAFT, "$id": f"kanwu:{name}", **schema}


def journal_schema() -> dict[str, Any]:
    series = {"type": "array", "minItems": 1, "items": mapping(SERIES_FIELDS, "专刊")}
    return _document(
        mapping(
            JOURNAL_FIELDS,
            "刊物设置（journal.yml）",
            {
                "series": series,
                "scoring": mapping(SCORING_FIELDS, "积分规则"),
                "quotas": mapping(QUOTA_FIELDS, "调研信息任务"),
                "duties": mapping(DUTY_FIELDS, "报送任务"),
            },
        ),
        "journal",
    )


def units_schema() -> dict[str, Any]:
    return _document(
        {"type": "array", "title": "单位名录（units.yml）", "items": mapping(UNIT_FIELDS, "单位")},
        "units",
    )


def ledger_schema() -> dict[str, Any]:
    events = []
    for kind, fields in EVENT_FIELDS.items():
        event = mapping(fields, f"台账事件：{kind}")
        event["properties"]["event"] = {"title": "事件", "const": kind}
        event["required"] = sorted({"event", *event["required"]})
        events.append(event)
    return _document(
        {"type": "array", "title": "台账（ledger/*.yml）", "items": {"oneOf": events}}, "ledger"
    )


def issue_schema() -> dict[str, Any]:
    return _document(mapping(ISSUE_FIELDS, "期信息（index.md 的开头）"), "issue")


def report_schema() -> dict[str, Any]:
    return _document(mapping(REPORT_FIELDS, "稿件信息（稿件 .md 的开头）"), "report")


def instruction_schema() -> dict[str, Any]:
    return _document(
        mapping(INSTRUCTION_FIELDS, "领导批示稿件信息（稿件 .md 的开头）"), "instruction"
    )


def submission_schema() -> dict[str, Any]:
    return _document(
        mapping(SUBMISSION_FIELDS, "来稿信息（inbox/ 中来稿 .md 的开头）"), "submission"
    )


# File name → schema; the files `kanwu schema` writes.
SCHEMAS = {
    "journal.schema.json": journal_schema,
    "units.schema.json": units_schema,
    "ledger.schema.json": ledger_schema,
    "issue.schema.json": issue_schema,
    "report.schema.json": report_schema,
    "instruction.schema.json": instruction_schema,
    "submission.schema.json": submission_schema,
}
