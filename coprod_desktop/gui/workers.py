"""Long work off the window's thread: a task object with progress, finished and failed signals.

The work function runs in a QThread and gets a `report(done, total)` callback; it raises
`Cancelled` through that callback once `cancel()` was asked for. Results and errors come back
to the window's thread as signals, where the dialogs are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Report = Callable[[int, int], None]


class Cancelled(Exception):
    """The user cancelled the work; nothing was changed."""


class Task(QObject):
    progress = Signal(int, int)  # done, total (total 0: unknown)
    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception (Cancelled when cancelled)

    def __init__(self, work: Callable[[Report], Any]) -> None:
        super().__init__()
        self._work = work
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _report(self, done: int, total: int) -> None:
        if self._cancelled:
            raise Cancelled
        self.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._report)
        except BaseException as error:
            self.failed.emit(error)
        else:
            self.finished.emit(result)


def start(task: Task, owner: QObject) -> QThread:
    """Run `task` in a new thread owned by `owner`; the thread ends when the task does.

    The caller keeps a reference to `task` until it reports: Python would collect it otherwise.
    """
    thread = QThread(owner)
    task.moveToThread(thread)
    thread.started.connect(task.run)
    task.finished.connect(thread.quit)
    task.failed.connect(thread.quit)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread
