"""Shared fixtures: a small valid content directory to copy and break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of ``fixtures/minimal``: valid, with every series type."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    return root
