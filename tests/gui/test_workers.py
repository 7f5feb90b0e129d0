"""Long work in a worker thread: the result and the error reach the window's thread, and the
worker never runs Python's garbage collector (Qt objects it frees must die in their own
thread: a collection in the worker crashed the whole suite once, exit 139)."""

from __future__ import annotations

import threading

from coprod_desktop.gui.workers import Cancelled, Task


class _Cycle:
    """Garbage only the cycle collector frees; it notes the thread that freed it."""

    def __init__(self, freed_in: list) -> None:
        self.me = self
        self.freed_in = freed_in

    def __del__(self) -> None:
        self.freed_in.append(threading.current_thread())


def _allocating(report) -> int:
    # Enough new containers to pass the collector's thresholds many times over.
    return len([[index] for index in range(200_000)])


def test_the_result_arrives_in_the_windows_thread(qtbot):
    task = Task(_allocating)
    arrived_in = []
    task.finished.connect(lambda result: arrived_in.append((result, threading.current_thread())))
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    assert arrived_in == [(200_000, threading.main_thread())]
    assert task.wait()


def test_cancelling_stops_the_work_at_its_next_report(qtbot):
    def work(report):
        for done in range(1000):
            report(done, 1000)
            if done == 10:
                task.cancel()
        return "finished anyway"

    task = Task(work)
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.start()
    assert isinstance(failed.args[0], Cancelled)


def test_garbage_is_collected_in_the_windows_thread_not_the_workers(qtbot):
    freed_in: list = []
    _Cycle(freed_in)  # unreachable at once, freed only by a collection
    task = Task(_allocating)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        task.start()
    qtbot.waitUntil(lambda: bool(freed_in), timeout=10_000)
    assert freed_in == [threading.main_thread()]


def test_automatic_collection_is_back_once_the_last_worker_has_ended(qtbot):
    import gc

    assert gc.isenabled()
    first, second = Task(_allocating), Task(_allocating)
    with qtbot.waitSignals([first.finished, second.finished], timeout=10_000):
        first.start()
        second.start()
        assert not gc.isenabled()
    qtbot.waitUntil(lambda: first.wait() and second.wait())
    assert gc.isenabled()
