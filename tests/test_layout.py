"""The package layout shows the pipeline (DESIGN §6): imports only point down
content → records → site → build → cli, and the model knows no engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.helpers import REPO

STAGES = ("content", "records", "site", "build", "cli")
PACKAGE = REPO / "generator"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in a file, at any depth."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def test_every_module_lives_in_a_stage_package() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")
    # Beside the stages, the theme: templates and assets, no code.
    assert folders == sorted([*STAGES, "theme"])
    assert [p.name for p in (PACKAGE / "theme").rglob("*.py")] == []


@pytest.mark.parametrize("stage", STAGES)
def test_imports_only_point_down_the_pipeline(stage: str) -> None:
    allowed = STAGES[: STAGES.index(stage) + 1]
    wrong = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] == "generator" and (len(parts) < 2 or parts[1] not in allowed):
                wrong.append(f"{path.relative_to(REPO)}:{line}: {module}")
            if stage in ("content", "records", "site") and parts[0] == "mkdocs":
                wrong.append(f"{path.relative_to(REPO)}:{line}: {module} (engine in the core)")
    assert wrong == []
