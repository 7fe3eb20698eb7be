"""Property-based: whatever an editor (or an attacker) writes into a report,
check either passes or names the file and line, and the rendered page runs
nothing. Hypothesis generates the front matter and the body."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.pipeline import load_and_validate
from generator.site.catalog import build_catalog
from generator.site.pages import site_pages
from generator.site.render import PageRenderer
from tests.helpers import FIXTURES

REL = "kuaibao/2026/002/02.md"
KEYS = [
    "title",
    "unit",
    "category",
    "kind",
    "tags",
    "date",
    "classification",
    "follows",
    "on",
    "due",
    "x",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10_000),
    st.text(max_size=20),
    st.sampled_from(["jiaxian", "yiqu", "经济", "公开", "内部", "kuaibao/2026/001/01"]),
    st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
front_matter = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), values, max_size=8)
fragments = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[链接](javascript:alert(1))",
        "<svg><script>alert(1)</script></svg>",
        '<a href="../../../../etc/passwd">x</a>',
        "**一是**加强领导。",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "\x00",
        "```\n<iframe>\n```",
    ]
)
bodies = st.lists(st.one_of(st.text(max_size=40), fragments), max_size=6).map("\n\n".join)
raw_headers = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"\Atitle: 随机\nunit: yiqu\ndate: 20\d\d-[01]\d-[0-3]\d\Z"),
)


def _check(header: str, body: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "content"
        shutil.copytree(FIXTURES / "minimal", root)
        (root / REL).write_text(f"---\n{header}\n---\n{body}", encoding="utf-8")
        publication, problems = load_and_validate(root)
        for problem in problems:
            assert problem.path and problem.line >= 1 and problem.message
            assert "Traceback" not in problem.message
        if publication is None or problems.errors:
            # The other files are valid: every error names the generated report.
            assert [p.path for p in problems.errors] == [REL] * len(problems.errors)
            return
        catalog = build_catalog(publication)
        renderer = PageRenderer(catalog)
        page = next(p for p in site_pages(catalog) if p.url == "kuaibao/2026/002/")
        html = renderer.render(page)
        assert "<script" not in html.lower() and "javascript:" not in html.lower()
        assert " onerror" not in html and "<iframe" not in html


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter, bodies)
def test_any_yaml_front_matter_passes_or_is_named(data: dict, body: str) -> None:
    header = yaml.safe_dump(data, allow_unicode=True, sort_keys=False) if data else ""
    _check(header, body)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_headers, bodies)
def test_any_text_as_front_matter_passes_or_is_named(header: str, body: str) -> None:
    _check(header.replace("---", "- - -"), body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_a_valid_report_with_any_body_renders_safely(body: str) -> None:
    _check("title: 随机正文\nunit: yiqu", body)
