"""Compiled templates kept between builds.

Jinja compiles every template a build renders, kanwu's and the engine's
(Material's ``main.html`` pulls in some thirty partials): at ten years
about 0.3 s of a daily publish that changes no template. The compiled code
is kept in the build cache instead, one file per template, and used only
when it can be trusted:

- Jinja itself compares a digest of the template's source, so an edited
  template is compiled again;
- each file carries a digest of its whole content, its template's key and
  the cache's salt (kanwu's code, the engines' versions, the theme and the
  configuration, all of which decide what a compiled template is), so a
  flipped bit, a torn write, a file in another's place or another
  version's file is compiled again, never run.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from generator.build.trees import write_atomic

_SUFFIX = ".jinja"
_DIGEST = 32


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates of one Jinja environment, in ``folder``."""

    def __init__(self, folder: Path, salt: str) -> None:
        self._folder = folder
        self._key = hashlib.blake2b(salt.encode(), digest_size=32).digest()

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._file(bucket.key).read_bytes()
        except OSError:
            return
        digest, body = data[:_DIGEST], data[_DIGEST:]
        if digest != self._digest(bucket.key, body):
            return
        try:
            bucket.bytecode_from_string(body)
        except Exception:  # whatever the damage, the template is compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        body = bucket.bytecode_to_string()
        # Best effort: a template that cannot be kept is compiled next time.
        # Forked workers may keep the same template at once: the last wins whole.
        with contextlib.suppress(OSError):
            self._folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._file(bucket.key), self._digest(bucket.key, body) + body)

    def _file(self, key: str) -> Path:
        return self._folder / f"{key}{_SUFFIX}"

    def _digest(self, key: str, body: bytes) -> bytes:
        # With the template's key: a file put in another's place is not used.
        digest = hashlib.blake2b(key.encode(), digest_size=_DIGEST, key=self._key)
        digest.update(body)
        return digest.digest()
