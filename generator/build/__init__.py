"""The engines and their adapters: the MkDocs plugin, the output swap, Pagefind.

Imports ``content``, ``records`` and ``site`` (DESIGN §6).

The engine is MkDocs 1.6.1, or ProperDocs, its maintained fork, which runs the
same plugin and theme and builds the same site (doc/engine-after-2027.md,
tests/build/test_engines.py). ``KANWU_ENGINE=properdocs`` picks ProperDocs for
a run; changing :data:`DEFAULT_ENGINE` makes it the default.
"""

import os
import sys

ENGINES = ("mkdocs", "properdocs")
DEFAULT_ENGINE = "mkdocs"

if os.environ.get("KANWU_ENGINE", DEFAULT_ENGINE) == "properdocs" and "mkdocs" not in sys.modules:
    # From here on every `mkdocs.*` import (kanwu's, Material's) is ProperDocs'.
    import properdocs.replacement  # noqa: F401

import mkdocs  # noqa: E402  (after the choice above)

# The engine that runs, however it was chosen: under `properdocs build`,
# ProperDocs has already made itself the `mkdocs` module.
ENGINE: str = mkdocs.__name__
