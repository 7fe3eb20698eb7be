"""What changed in the content folder while ``kanwu serve`` shows it.

MkDocs' live-reload server polls every folder it watches twice a second. At
ten years one poll of the content folder looks at 45,000 files (0.34 s on the
benchmark machine): it delays every preview and keeps a core busy while the
editor types. Here the operating system reports changes instead (watchdog's
native observer: inotify on Linux), which also tells which files changed, as
the preview's quick path needs (:mod:`generator.build.quick`). The server
itself then watches only a small trigger folder, touched at each change.
Where native watching is not available, :meth:`ContentWatch.start` says so
and the preview polls as MkDocs does, always building in full.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

# The events asked for: changes only. A build opens and reads every file of
# the archive; asking for those events too would flood the kernel's queue.
_CHANGES: list[type[FileSystemEvent]] = [
    *(FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent),
    *(DirCreatedEvent, DirDeletedEvent, DirMovedEvent),
]
# More changed files than this at once (a checkout, a copied year) are
# shown by a full build, as are changes the kernel could not all report.
MAX_QUICK = 100


class ContentWatch(FileSystemEventHandler):
    """Collects the content files changed since the last :meth:`take`."""

    def __init__(self, content: Path, others: Iterable[Path], trigger: Path) -> None:
        self.content = content.resolve()
        self.others = [Path(p).resolve() for p in others]
        self.trigger = trigger
        self._lock = threading.Lock()
        self._changed: set[str] = set()
        self._full = False
        self._observer = Observer()

    def start(self) -> bool:
        """Watch the content and the other paths; ``False`` (nothing watched)
        when the system cannot, e.g. when out of inotify watches."""
        try:
            self._observer.schedule(self, self.content, recursive=True, event_filter=_CHANGES)
            for path in self.others:
                self._observer.schedule(self, path, recursive=path.is_dir(), event_filter=_CHANGES)
            self._observer.start()
        except OSError:
            self._observer.unschedule_all()
            return False
        return True

    def stop(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join()

    def take(self) -> set[str] | None:
        """The content paths changed since the last call, or ``None`` when
        something only a full build shows changed too (a folder, the
        configuration, the theme)."""
        with self._lock:
            changed, full = self._changed, self._full
            self._changed, self._full = set(), False
        return None if full or len(changed) > MAX_QUICK else changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [event.src_path, event.dest_path] if event.dest_path else [event.src_path]
        relevant = False
        with self._lock:
            for raw in paths:
                path = Path(os.fsdecode(raw))
                if not path.is_relative_to(self.content):
                    self._full = relevant = True
                    continue
                rel = path.relative_to(self.content).as_posix()
                # Editors' swap and backup files; MkDocs ignores dot files too.
                if any(part.startswith(".") for part in rel.split("/")) or rel.endswith("~"):
                    continue
                if event.is_directory:
                    # A folder's own "modified" only echoes its files' events.
                    if event.event_type != "modified":
                        self._full = relevant = True
                    continue
                self._changed.add(rel)
                relevant = True
        if relevant:
            self.trigger.touch()
