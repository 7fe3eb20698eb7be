"""Shared fixtures: a small valid content directory to copy and break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.diagnostics import Problem
from generator.pipeline import load_and_validate

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of ``fixtures/minimal``: valid, with every series type."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_in(root: Path) -> list[Problem]:
    _, problems = load_and_validate(root)
    return list(problems)
