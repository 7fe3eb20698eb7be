"""The search index: Pagefind run over the built site, as a thin adapter.

Only issue pages carry ``data-pagefind-body``, so Pagefind indexes what a
reader reads (titles, attributions, bodies, 编者按) and not the site chrome.
The extended Pagefind binary (``pagefind[extended]``) segments Chinese.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

INDEX_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is its own output."""


def build_index(site: Path) -> Path:
    """Write the Pagefind bundle into ``site/pagefind/`` and return its path."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        INDEX_DIR,
        "--force-language",
        "zh",
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(
            f"Pagefind 建立索引失败：{result.stderr.strip() or result.stdout.strip()}"
        )
    return site / INDEX_DIR
