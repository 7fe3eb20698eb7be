"""Fixtures of the build tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.site.render import THEME
from tests.helpers import REPO, editable_sample


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the sample archive, and a configuration (with its own copy
    of the theme, which a test may edit) that builds no search index."""
    content = editable_sample(tmp_path / "content")
    config = tmp_path / "config"
    shutil.copytree(THEME, config / "theme")
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("  # custom_dir: overrides\n", "  custom_dir: theme\n")
    assert "custom_dir: theme" in text
    text = text.replace("  - kanwu:\n", "  - kanwu:\n      search: false\n")
    (config / "mkdocs.yml").write_text(text, encoding="utf-8")
    return content, config / "mkdocs.yml"
