"""Strings that kanwu hands to the engine's chrome, as text and never markup.

Material prints page titles, navigation titles and the site name in many
places (``<title>``, the header, tabs, link titles, aria-labels), mostly
without escaping, sometimes with ``| e`` and sometimes through ``striptags``,
which *unescapes*. Titles come from YAML that 112 units and several editors
write, so every one is handed over already escaped, as :class:`Markup`:
printed raw it shows the text, ``| e`` leaves it alone, and the ``striptags``
filter is replaced by one that keeps the result escaped. Whatever template
prints a title, the reader sees exactly the characters the editor wrote.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup, escape


def as_text(value: str) -> Markup:
    """``value`` as HTML text: ``<img>`` shows as ``<img>``, never as an image."""
    return escape(value)


def _striptags_as_text(value: Any) -> Markup:
    # Jinja's striptags removes tags and then unescapes entities, which turns
    # escaped text back into live markup; escape again after stripping.
    return escape(Markup(str(value)).striptags())


def harden(env: jinja2.Environment) -> None:
    """Make the engine's template filters keep titles as text."""
    env.filters["striptags"] = _striptags_as_text
