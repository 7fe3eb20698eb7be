"""Where a relative link written in a report points, inside the content folder.

Checking (does the file exist, does it leave the folder) and rendering (which
URL the page links to) must agree on this, so both use this one function.
"""

from __future__ import annotations

import posixpath


def content_target(folder: str, url: str) -> str | None:
    """The content-relative path that a relative ``url`` written in ``folder``
    points to: ``""`` when it has no path (an anchor), ``None`` when it leaves
    the content directory (``../../etc``, ``/etc``)."""
    path = url.partition("#")[0].partition("?")[0]
    if not path:
        return ""
    target = posixpath.normpath(posixpath.join(folder, path))
    if path.startswith("/") or target == ".." or target.startswith("../"):
        return None
    return target
