"""A build records what is published: ``published.lock`` in the content folder
(generator.content.published says what it holds and what it forbids)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from generator.build import ENGINE
from generator.build.trees import write_atomic
from generator.content.diagnostics import Problems
from generator.content.model import Publication
from generator.content.published import LOCK_FILE, locked_text, read_lock

log = logging.getLogger(f"{ENGINE}.plugins.kanwu")


def seal(content: Path, publication: Publication, today: dt.date) -> bool:
    """Add the issues dated before ``today`` to the content folder's lock, and
    each lawful change since; whether the file changed. A folder without a
    lock is not locked, and a lock that cannot be written only warns: the
    site is built, and the next build records it."""
    # As the checks read it, or (content loaded without them) read now.
    sealed = publication.sealed
    if sealed is None:
        sealed = read_lock(content, Problems())
    if sealed is None:
        return False
    text = locked_text(publication, sealed, today)
    if text is None:
        return False
    path = content / LOCK_FILE
    try:
        mode = path.stat().st_mode
        write_atomic(path, text.encode())
        path.chmod(mode)  # as the editor made it, not the temporary file's 0600
    except OSError as exc:
        log.warning(f"未能更新 {LOCK_FILE}（已印发稿件的记录）：{exc}；下次生成时再记入")
        return False
    log.info(f"已把已印发的稿件记入 {LOCK_FILE}，请随内容一并提交")
    return True
