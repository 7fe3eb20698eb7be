"""The benchmark script runs end to end on a small archive."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO


def test_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "benchmarks.run", "--years", "1", "--scale", "0.05"),
            *("--output", str(tmp_path / "site"), "--json", str(out)),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["issues"] > 20
    assert figures["index_mb"] > 0
    assert all(0 < size < 1_000_000 for size in figures["query_bytes"].values())
    assert figures["largest_issue_page_kb"] < 200
