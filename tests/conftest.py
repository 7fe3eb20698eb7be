"""Shared fixtures: a small valid content directory to copy and break."""

from __future__ import annotations

import os
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


# Building the sample prints 62 documents to download (generator.build.documents),
# half a minute: the tests that are about them turn them on (KANWU_DOCUMENTS,
# read by mkdocs.yml); every other build here leaves them out.
os.environ.setdefault("KANWU_DOCUMENTS", "false")
