"""``kanwu stats`` prints every unit name as written: never as Rich markup in
the terminal, never as a formula in WPS or Excel."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, edit, kanwu

NAMES = [
    "甲县[/b]委办公室",
    "[red]甲县委办公室[/red]",
    "[link=file:///etc/passwd]甲县[/link]",
    "[bold",
    '=HYPERLINK("http://192.0.2.1","甲县")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "<img src=x onerror=alert(1)>",
]


@pytest.fixture
def scoring(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "scoring", root)
    return root


def _rename(root: Path, name: str) -> None:
    text = (root / "units.yml").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("name:"))
    edit(root, "units.yml", first, first.split("name:")[0] + "name: " + json.dumps(name))


@pytest.mark.parametrize("name", NAMES)
def test_table_prints_the_name_as_written(scoring: Path, name: str) -> None:
    _rename(scoring, name)
    result = kanwu("stats", "--content", scoring, "--year", "2026")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert name in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_csv_cells_are_text_not_formulas(scoring: Path, name: str) -> None:
    _rename(scoring, name)
    result = kanwu("stats", "--content", scoring, "--year", "2026", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    names = [row[1] for row in rows[1:]]
    expected = "'" + name if name[0] in "=+-@" else name
    assert expected in names
    assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)


@pytest.mark.parametrize("name", NAMES)
def test_json_keeps_the_name_exactly(scoring: Path, name: str) -> None:
    _rename(scoring, name)
    result = kanwu("stats", "--content", scoring, "--year", "2026", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert name in [unit["name"] for unit in json.loads(result.stdout)["units"]]
