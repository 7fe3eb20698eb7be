"""The collector during a build: paused while the archive is made, nothing
left frozen after it (a preview server builds again and again)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build.engine import build_site
from generator.build.memory import LongLived
from generator.build.timing import StageTimes
from generator.content.load_cache import collector_paused
from generator.content.pipeline import load_and_validate


@pytest.fixture(autouse=True)
def _nothing_frozen() -> Iterator[None]:
    """Other tests may leave a plugin between on_config and the end of a
    build, its archive frozen; these start from a thawed collector."""
    gc.unfreeze()
    yield
    gc.unfreeze()


class _Made:
    """A container the collector tracks."""


def _generation_of(obj: object) -> int | None:
    return next((g for g in range(3) if any(o is obj for o in gc.get_objects(g))), None)


def test_what_is_made_with_the_collector_paused_is_old_at_once() -> None:
    """The next young collection must not walk what loading made."""
    assert gc.get_freeze_count() == 0
    with collector_paused(age=True):
        assert not gc.isenabled()
        made = _Made()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert _generation_of(made) == 2


def test_what_a_build_stage_makes_is_frozen_until_the_build_thaws_it() -> None:
    long_lived = LongLived()
    with long_lived.making():
        assert not gc.isenabled()
        made = _Made()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    assert _generation_of(made) is None  # frozen: in no generation
    long_lived.thaw()
    assert gc.get_freeze_count() == 0
    assert _generation_of(made) == 2


def test_a_build_leaves_the_collector_on_and_nothing_frozen(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    publication, problems = load_and_validate(content, tmp_path / "load")
    assert publication is not None and not problems.errors
    for _ in range(2):  # a cold build, then one reusing the cache
        build_site(
            publication, content, tmp_path / "site", config, StageTimes(), cache=tmp_path / "cache"
        )
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
    assert (tmp_path / "site/index.html").is_file()
