"""What the ``kanwu new`` templates write for the editor to replace.

The templates render these texts (``generator/cli/scaffold.py``), and loading
warns about any left as written, so the two cannot drift apart. A warning
names the file and line and fails ``--strict``.

Which fields count as left empty: any key of an issue's or a report's front
matter that is present with no value (nothing, ``""`` or ``[]``) and is not
required (required ones are already errors). The templates write optional
fields commented out, so an uncommented empty one is a field the editor meant
to fill in and forgot.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.content.diagnostics import Problems
from generator.content.schema import Field
from generator.content.source import FrontMatter, YamlMap

REPORT_BODY = "（在此撰写正文。每段之间空一行。）"
INSTRUCTION_BODY = "（在此写批示内容。）"
BODIES = (REPORT_BODY, INSTRUCTION_BODY)

# How to fill a field left empty; other fields: 请填写<label>.
FILL_HINTS = {
    "issuer": "请填写签发人职务",
    "editor": "请填写责任编辑",
    "topic": "请填写本期主题",
    "leader": "请填写批示领导的职务",
}


def warn_placeholders(
    rel: str, front: FrontMatter, spec: Mapping[str, Field], problems: Problems
) -> None:
    """Warn about every field left empty and every template text left in the body."""
    data = front.data
    if isinstance(data, YamlMap):
        for key, value in data.items():
            field = spec.get(key)
            if field is None or field.required or not _empty(value):
                continue
            hint = FILL_HINTS.get(key, f"请填写{field.label}")
            problems.warning(
                rel, data.line_of(key), f"{field.label}（{key}）为空：{hint}，或删除此行"
            )
    for offset, line in enumerate(front.body.split("\n")):
        for text in BODIES:
            if text in line:
                problems.warning(
                    rel,
                    front.body_line + offset,
                    f"正文仍是模板中的占位文字「{_short(text)}」，请改写",
                )


def _empty(value: object) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _short(text: str) -> str:
    """The placeholder as messages quote it: its first sentence, if it has more."""
    first, *rest = text.split("。")
    return f"{first}……）" if any(part.strip("）") for part in rest) else text
