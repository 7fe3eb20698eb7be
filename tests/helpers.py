"""What tests share: paths, writing into a content copy, running ``kanwu``."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from generator.content.diagnostics import Problem
from generator.content.pipeline import load_and_validate

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
SAMPLE = REPO / "content"


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


KANWU = str(Path(sys.executable).parent / "kanwu")
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def kanwu(
    *args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``kanwu`` command; ``env`` adds to the environment."""
    return subprocess.run(
        [KANWU, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **env} if env else None,
    )


def built_site(content: Path, output: Path, *options: str) -> Path:
    """Run ``kanwu build`` as CI does and insist that it succeeds."""
    result = kanwu("build", "--content", content, "--output", output, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with a hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def left_in(folder: Path) -> list[str]:
    """The names in ``folder`` (where builds write their output), but for
    what builds keep there on purpose: the cache and the spare of a site
    (generator/build/spare.py)."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name != ".kanwu-cache" and not p.name.endswith(".spare")
    )
