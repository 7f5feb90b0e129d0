"""Long work off the window's thread: a task with progress, finished and failed signals.

The work function runs in a QThread and gets a `report(done, total)` callback; it raises
`Cancelled` through that callback once `cancel()` was asked for. The task itself lives in the
window's thread, so its signals (the result, the error) arrive there, where dialogs are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Report = Callable[[int, int], None]


class Cancelled(Exception):
    """The user cancelled the work; nothing was changed."""


class _Runner(QObject):
    """Runs the work in the worker thread and sends what happens back to the task."""

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Report], Any], cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self._work = work
        self._cancelled = cancelled

    def _report(self, done: int, total: int) -> None:
        if self._cancelled():
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
        finally:
            QThread.currentThread().quit()  # the thread ends by itself: wait() can rely on it


class Task(QObject):
    progress = Signal(int, int)  # done, total (total 0: unknown)
    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception (Cancelled when cancelled)

    def __init__(self, work: Callable[[Report], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancelled = False
        self._thread: QThread | None = None
        self._runner: _Runner | None = None

    def cancel(self) -> None:
        self._cancelled = True

    def start(self) -> None:
        """Run the work in a new thread; the thread ends when the work does."""
        self._thread = thread = QThread(self)
        self._runner = runner = _Runner(self._work, lambda: self._cancelled)
        runner.moveToThread(thread)
        thread.started.connect(runner.run)
        # Bound slots of this task, which lives in the window's thread: queued connections.
        runner.progress.connect(self._progress)
        runner.finished.connect(self._finished)
        runner.failed.connect(self._failed)
        thread.start()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Wait for the worker thread to end (when the window closes)."""
        return self._thread is None or self._thread.wait(milliseconds)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object)
    def _finished(self, result: object) -> None:
        self._stop()
        self.finished.emit(result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        self._stop()
        self.failed.emit(error)

    def _stop(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
