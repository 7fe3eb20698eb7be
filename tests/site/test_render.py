"""Links between pages are relative, so the site works under any sub-path."""

from __future__ import annotations

import pytest

from generator.site.urls import Links


@pytest.mark.parametrize(
    ("here", "target", "anchor", "expected"),
    [
        ("kuaibao/2026/035/", "units/jiaxian/", "", "../../../units/jiaxian/"),
        ("kuaibao/2026/035/", "", "", "../../../"),
        ("", "kuaibao/", "", "kuaibao/"),
        ("", "", "", "./"),
        ("kuaibao/2026/035/", "kuaibao/2026/035/", "r-02", "./#r-02"),
        ("units/jiaxian/", "pishi/2026/001/", "r-01", "../../pishi/2026/001/#r-01"),
    ],
)
def test_links_are_relative_to_the_current_page(
    here: str, target: str, anchor: str, expected: str
) -> None:
    assert Links(here).to(target, anchor) == expected
