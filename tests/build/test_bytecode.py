"""Compiled templates are kept between builds, and trusted only when sound."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.build.bytecode import TemplateCache
from generator.build.cache import BuildCache


class _Counting(jinja2.Environment):
    """An environment that counts the templates it compiles."""

    compiled: int = 0

    def _compile(self, source: str, filename: str) -> Any:
        self.compiled += 1
        return super()._compile(source, filename)


def _environment(
    templates: Path, cache: Path | jinja2.BytecodeCache, salt: str = "salt"
) -> _Counting:
    return _Counting(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        bytecode_cache=cache
        if isinstance(cache, jinja2.BytecodeCache)
        else TemplateCache(cache, salt),
    )


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("<p>{{ 标题 }}：第{{ n }}期</p>", encoding="utf-8")
    (folder / "other.html").write_text("<div>{{ n * 2 }}</div>", encoding="utf-8")
    return folder


def _render(env: jinja2.Environment, name: str = "page.html") -> str:
    return env.get_template(name).render(标题="示例快报", n=3)


def test_a_template_compiled_by_one_build_is_not_compiled_by_the_next(
    templates: Path, tmp_path: Path
) -> None:
    first = _environment(templates, tmp_path / "cache")
    assert _render(first) == "<p>示例快报：第3期</p>"
    assert first.compiled == 1
    second = _environment(templates, tmp_path / "cache")
    assert _render(second) == "<p>示例快报：第3期</p>"
    assert second.compiled == 0


def test_an_edited_template_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    _render(_environment(templates, tmp_path / "cache"))
    (templates / "page.html").write_text("<h1>{{ 标题 }}</h1>", encoding="utf-8")
    again = _environment(templates, tmp_path / "cache")
    assert _render(again) == "<h1>示例快报</h1>"
    assert again.compiled == 1


def test_templates_compiled_under_another_salt_are_compiled_again(
    templates: Path, tmp_path: Path
) -> None:
    _render(_environment(templates, tmp_path / "cache", salt="kanwu 0.1"))
    other = _environment(templates, tmp_path / "cache", salt="kanwu 0.2")
    assert _render(other) == "<p>示例快报：第3期</p>"
    assert other.compiled == 1


def _flip_text(path: Path) -> None:
    """Change a byte of the HTML the compiled code writes, as a bad disk would."""
    data = bytearray(path.read_bytes())
    at = data.rindex("期".encode())
    data[at + 2] ^= 1
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [
        _flip_text,
        lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(path.with_name("other.jinja").read_bytes()),
    ],
    ids=["bit-flipped", "torn", "empty", "another-templates-file"],
)
def test_a_damaged_compiled_template_is_compiled_again(
    templates: Path, tmp_path: Path, damage: Any
) -> None:
    cache = tmp_path / "cache"
    first = _environment(templates, cache)
    _render(first)
    page = next(cache.glob("*.jinja"))
    # The other template's file, to put in its place.
    _render(first, "other.html")
    page.with_name("other.jinja").write_bytes(
        next(p for p in cache.glob("*.jinja") if p != page).read_bytes()
    )
    damage(page)
    again = _environment(templates, cache)
    assert _render(again) == "<p>示例快报：第3期</p>"
    assert again.compiled == 1


def test_a_cache_that_cannot_be_written_still_renders(templates: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("不是目录", encoding="utf-8")
    env = _environment(templates, blocked / "cache")
    assert _render(env) == "<p>示例快报：第3期</p>"
    assert _render(_environment(templates, blocked / "cache")) == "<p>示例快报：第3期</p>"


def test_a_build_cache_keeps_the_templates_of_its_salt_only(
    templates: Path, tmp_path: Path
) -> None:
    root = tmp_path / "cache"
    with BuildCache(root, "a" * 64) as old:
        _render(_environment(templates, old.templates("kanwu")))
    assert len(list((root / "templates").rglob("*.jinja"))) == 1
    with BuildCache(root, "b" * 64) as new:
        env = _environment(templates, new.templates("kanwu"))
        _render(env)
        assert env.compiled == 1
    kept = list((root / "templates").iterdir())
    assert [p.name for p in kept] == ["b" * 16]
