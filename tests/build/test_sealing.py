"""A build records what is published only where the content keeps a record,
and a record it cannot write costs a warning, never the build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.build import sealing
from generator.content.pipeline import load_and_validate
from tests.helpers import write

DAY = dt.date(2026, 3, 5)


def _publication(content: Path):  # type: ignore[no-untyped-def]
    publication, problems = load_and_validate(content)
    assert publication is not None and not problems.errors
    return publication


def test_a_content_folder_without_a_record_gets_none(content: Path) -> None:
    assert sealing.seal(content, _publication(content), DAY) is False
    assert not (content / "published.lock").exists()


def test_a_record_that_cannot_be_written_is_a_warning_and_stays_as_it_was(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(content, "published.lock", "")
    warned: list[str] = []

    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "权限不够", str(path))

    monkeypatch.setattr(sealing, "write_atomic", refuse)
    monkeypatch.setattr(sealing.log, "warning", warned.append)
    assert sealing.seal(content, _publication(content), DAY) is False
    assert (content / "published.lock").read_text() == ""
    assert len(warned) == 1 and warned[0].startswith("未能更新 published.lock")


def test_a_record_is_written_whole_with_the_issues_dated_before_the_day(content: Path) -> None:
    write(content, "published.lock", "")
    assert sealing.seal(content, _publication(content), DAY) is True
    lines = (content / "published.lock").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# 已印发稿件的文本指纹")
    assert len([line for line in lines if not line.startswith("#")]) == 5
    assert sealing.seal(content, _publication(content), DAY) is False  # nothing new
