"""Long work off the window's thread: a task with progress, finished and failed signals.

The work function runs in a QThread and gets a `report(done, total)` callback; it raises
`Cancelled` through that callback once `cancel()` was asked for. The task itself lives in the
window's thread, so its signals (the result, the error) arrive there, where dialogs are shown.

While a worker runs Python, the cycle collector must not run in it: a collection frees
whatever garbage is due, Qt objects of the window included, and a Qt object freed outside its
own thread crashes the application. So while tasks run, collection happens in the window's thread
(`GarbageCollector`), as PyQt applications such as calibre do.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

Report = Callable[[int, int], None]


class Cancelled(Exception):
    """The user cancelled the work; nothing was changed."""


class GarbageCollector(QObject):
    """While worker threads run, cyclic garbage is collected here, in the window's thread, on
    a timer; Python's automatic collection (which runs in whichever thread allocates) is off
    until the last worker has ended."""

    INTERVAL_MS = 500

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("garbage_collector")
        self._thresholds = gc.get_threshold()
        self._workers = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)

    @classmethod
    def of_application(cls) -> GarbageCollector | None:
        app = QCoreApplication.instance()
        if app is None:
            return None
        return app.findChild(cls, "garbage_collector") or cls(app)

    def worker_started(self) -> None:
        self._workers += 1
        if self._workers == 1:
            self._was_enabled = gc.isenabled()
            gc.disable()
            self._timer.start(self.INTERVAL_MS)

    def worker_ended(self) -> None:
        self._workers -= 1
        if self._workers == 0:
            self._timer.stop()
            self.check()  # what came due while the workers ran
            if self._was_enabled:
                gc.enable()

    @Slot()
    def check(self) -> None:
        # Every tick the young generation (cheap: it holds only what is new); the older ones
        # when as many younger collections have passed as Python's own thresholds say.
        counts = gc.get_count()
        older = [g for g in (2, 1) if counts[g] > self._thresholds[g]]
        gc.collect(older[0] if older else 0)


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
        self._collector: GarbageCollector | None = None

    def cancel(self) -> None:
        self._cancelled = True

    def start(self) -> None:
        """Run the work in a new thread; the thread ends when the work does."""
        self._collector = GarbageCollector.of_application()
        if self._collector is not None:
            self._collector.worker_started()
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
        ended = self._thread is None or self._thread.wait(milliseconds)
        if ended:
            self._release_collector()
        return ended

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
        self._release_collector()

    def _release_collector(self) -> None:
        if self._collector is not None:  # the thread has ended: it runs no Python any more
            self._collector.worker_ended()
            self._collector = None
