"""Typed reading of YAML fields with Chinese messages that name the line.

Each file kind declares its fields once (name → :class:`Field`); unknown keys,
missing required fields and wrong types are then reported the same way for
journal.yml, units.yml, issues and reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.content.diagnostics import Problems, did_you_mean
from generator.content.source import YamlDate, YamlDateTime, YamlFloat, YamlInt, YamlMap

Kind = Literal[
    "text",
    "number",
    "count",
    "bool",
    "date",
    "datetime",
    "dates",
    "texts",
    "pairs",
    "numbers",
    "map",
    "list",
]


@dataclass(frozen=True)
class Field:
    kind: Kind
    label: str  # Chinese name used in messages
    required: bool = False
    choices: tuple[str, ...] = ()


# What each kind of value is, in the words of a message or an editor's hint.
EXPECTED: dict[Kind, str] = {
    "text": "文字",
    "number": "数字",
    "count": "非负整数",
    "bool": "true 或 false",
    "date": "日期（YYYY-MM-DD）",
    "datetime": "日期和时间（YYYY-MM-DD HH:MM）",
    "dates": "日期或日期列表（YYYY-MM-DD）",
    "texts": "文字或文字列表",
    "pairs": "键值对（如 报: 省委办公厅，冒号为半角）",
    "numbers": "键值对，值为数字",
    "map": "键值对",
    "list": "列表（每项以 - 开头）",
}


@dataclass
class FieldReader:
    """Reads the declared fields of one YAML mapping, reporting into ``problems``."""

    path: str
    problems: Problems

    def read(
        self,
        data: Any,
        spec: Mapping[str, Field],
        what: str,
        line: int = 1,
        misplaced: Mapping[str, str] | None = None,
    ) -> dict[str, Any] | None:
        """Return the typed values of ``data`` (absent fields omitted), or ``None``.

        ``misplaced`` maps keys that are valid elsewhere to an explanation, so
        the message says why rather than only "unknown".
        """
        if not isinstance(data, YamlMap):
            self.problems.error(
                self.path, line, f"{what}应为键值对（key: value 的形式，冒号为半角）"
            )
            return None
        values: dict[str, Any] = {}
        for key in data:
            if key in spec:
                continue
            key_line = data.line_of(key)
            if misplaced and key in misplaced:
                self.problems.error(self.path, key_line, f'字段 "{key}" {misplaced[key]}')
            else:
                hint = did_you_mean(str(key), spec)
                self.problems.error(self.path, key_line, f'未知字段 "{key}"{hint}')
        for name, field in spec.items():
            key_line = data.line_of(name)
            raw = data.get(name)
            if raw is None or raw == [] or (isinstance(raw, str) and not raw.strip()):
                if name in data and field.required:
                    self.problems.error(self.path, key_line, f"{field.label}（{name}）不能为空")
                elif field.required:
                    self.problems.error(
                        self.path, data.line, f'缺少必填字段 "{name}"（{field.label}）'
                    )
                continue
            value = self._coerce(raw, field)
            if value is None:
                self.problems.error(
                    self.path,
                    key_line,
                    f"{field.label}（{name}）应为{EXPECTED[field.kind]}，实际为 {_show(raw)}",
                )
                continue
            if field.choices and value not in field.choices:
                options = "、".join(field.choices)
                self.problems.error(
                    self.path, key_line, f'{field.label} "{value}" 无效，可选值：{options}'
                )
                continue
            values[name] = value
        return values

    def _coerce(self, raw: Any, field: Field) -> Any:
        match field.kind:
            case "text":
                return _text(raw)
            case "number":
                return _plain(raw) if _is_number(raw) else None
            case "count":
                return (
                    int(raw)
                    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0
                    else None
                )
            case "bool":
                return raw if isinstance(raw, bool) else None
            case "date":
                return _date(raw)
            case "datetime":
                return _datetime(raw)
            case "dates":
                days = [_date(item) for item in (raw if isinstance(raw, list) else [raw])]
                if not days or any(day is None for day in days):
                    return None
                return frozenset(day for day in days if day is not None)
            case "texts":
                items = raw if isinstance(raw, list) else [raw]
                texts = [_text(item) for item in items]
                if not texts or any(t is None or not t for t in texts):
                    return None
                return tuple(t for t in texts if t is not None)
            case "pairs":
                if not isinstance(raw, dict):
                    return None
                pairs = [(_text(k), _text(v)) for k, v in raw.items()]
                if any(k is None or v is None for k, v in pairs):
                    return None
                return tuple((str(k), str(v)) for k, v in pairs)
            case "numbers":
                if not isinstance(raw, dict) or not all(_is_number(v) for v in raw.values()):
                    return None
                return {str(_text(k)): _plain(v) for k, v in raw.items()}
            case "map":
                return raw if isinstance(raw, YamlMap) else None
            case "list":
                return raw if isinstance(raw, list) and raw else None


def _is_number(raw: Any) -> bool:
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def _text(raw: Any) -> str | None:
    """The text an editor wrote: a plain scalar YAML read as a number, date or
    boolean is given back as written (``010``, ``12:30``, ``2026-03-12``)."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, YamlInt | YamlFloat | YamlDate | YamlDateTime):
        return raw.source
    if _is_number(raw) or isinstance(raw, dt.date):
        return str(raw)
    return None


def _plain(number: Any) -> int | float:
    """A number as the built-in type, without the text it was read from."""
    return float(number) if isinstance(number, float) else int(number)


def _date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return None
    if isinstance(raw, dt.date):
        return dt.date(raw.year, raw.month, raw.day)
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            return None
    return None


def _datetime(raw: Any) -> dt.datetime | None:
    """A moment as the office writes it, local time to the minute:
    ``2026-11-27 09:30`` (YAML reads it as a timestamp, or as text when it
    has no seconds)."""
    if isinstance(raw, dt.datetime):
        # The clock time as written: an office keeps one time zone.
        return dt.datetime(raw.year, raw.month, raw.day, raw.hour, raw.minute)
    if isinstance(raw, str):
        try:
            return dt.datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            return None
    return None


def _show(raw: Any) -> str:
    if isinstance(raw, list):
        return "列表"
    if isinstance(raw, dict):
        return "键值对"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    text = _text(raw) or str(raw)
    return f'"{text[:40]}"'
