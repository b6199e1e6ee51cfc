"""atlas.core.worker: calls run in a child process, and what goes wrong there comes back as WorkerStopped."""

from __future__ import annotations

import os
import time

import pytest

from atlas.core.worker import Worker, WorkerStopped
from tests.unit import worker_jobs as jobs


@pytest.fixture
def worker():
    w = Worker("test", memory_mb=None, timeout_s=20, idle_s=60)
    yield w
    w.shutdown()


def test_a_call_runs_in_another_process_and_the_child_stays_warm(worker: Worker) -> None:
    pid = worker.call(jobs.pid)
    assert pid != os.getpid()
    assert worker.call(jobs.pid) == pid == worker.pid()
    assert worker.call(jobs.add, 2, 3) == 5


def test_the_functions_exception_is_raised_here(worker: Worker) -> None:
    with pytest.raises(ValueError, match="bad value 7"):
        worker.call(jobs.fail, 7)
    assert worker.call(jobs.add, 1, 1) == 2  # the same child goes on


def test_what_the_work_prints_does_not_break_the_answer(worker: Worker) -> None:
    assert worker.call(jobs.noisy, "x" * 100_000) == 100_000


def test_large_arguments_and_results_pass_whole(worker: Worker) -> None:
    blob = os.urandom(3_000_000)
    assert worker.call(jobs.echo, blob) == blob


def test_a_call_past_its_time_kills_the_child_and_the_next_call_starts_another(worker: Worker) -> None:
    first = worker.call(jobs.pid)
    t0 = time.monotonic()
    with pytest.raises(WorkerStopped) as stopped:
        worker.call(jobs.sleep, 30, timeout_s=1)
    assert stopped.value.reason == "timeout"
    assert time.monotonic() - t0 < 10
    assert worker.call(jobs.pid) != first


def test_a_child_that_dies_is_told_as_stopped_and_replaced(worker: Worker) -> None:
    first = worker.call(jobs.pid)
    with pytest.raises(WorkerStopped) as stopped:
        worker.call(jobs.die)
    assert stopped.value.reason == "stopped"
    assert worker.call(jobs.pid) != first


def test_a_child_killed_while_idle_is_replaced_at_the_next_call(worker: Worker) -> None:
    import signal

    first = worker.call(jobs.pid)
    os.kill(first, signal.SIGKILL)
    time.sleep(0.3)
    assert worker.call(jobs.pid) != first


def test_the_memory_limit_stops_a_call_that_outgrows_it() -> None:
    w = Worker("small", memory_mb=300, timeout_s=20, idle_s=60)
    try:
        with pytest.raises(WorkerStopped) as stopped:
            w.call(jobs.allocate_mb, 600)
        assert stopped.value.reason == "memory"
        assert w.call(jobs.allocate_mb, 10) == 10  # a call within the limit runs
    finally:
        w.shutdown()


def test_the_child_stops_after_its_idle_time() -> None:
    w = Worker("idle", memory_mb=None, timeout_s=20, idle_s=0.5)
    try:
        pid = w.call(jobs.pid)
        time.sleep(1.5)
        assert w.pid() is None
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        assert w.call(jobs.add, 1, 2) == 3  # and starts again when needed
    finally:
        w.shutdown()


def test_a_second_caller_waits_its_turn_and_is_told_busy_past_its_time(worker: Worker) -> None:
    import threading

    worker.call(jobs.pid)
    slow = threading.Thread(target=worker.call, args=(jobs.sleep, 2))
    slow.start()
    time.sleep(0.3)
    with pytest.raises(WorkerStopped) as stopped:
        worker.call(jobs.add, 1, 1, timeout_s=0.5)
    assert stopped.value.reason == "busy"
    slow.join()
    assert worker.call(jobs.add, 1, 1) == 2


def test_pictures_are_drawn_in_the_worker_not_in_this_process() -> None:
    from atlas.render import vega

    spec = {"mark": "bar", "data": {"values": [{"a": "x", "b": 1}]}, "encoding": {"x": {"field": "a"}}}
    png = vega.png(spec, "en", scale=1, ppi=144)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in vega.svg(spec, "ko")
    child = vega.WORKER.pid()
    assert child is not None and child != os.getpid()


def test_a_worker_called_inside_a_worker_runs_there_and_starts_no_child_of_a_child(worker: Worker) -> None:
    child, nested = worker.call(jobs.pid_of_a_nested_call)
    assert nested == child != os.getpid()


def test_a_briefing_s_files_are_made_in_the_worker_and_match_the_ones_made_here() -> None:
    import io

    from pptx import Presentation

    from atlas.briefing.figures import handout
    from atlas.briefing.model import Briefing, View
    from atlas.core.figure import Datasets
    from atlas.render import files

    views = (View.of("defense_spending", {}, "Spending"), View.of("events", {}, "Timeline"))
    h = handout(Briefing(views=views, title="Brief"), "en", Datasets(), base_url="https://atlas.example/")
    pptx, pdf = files.make(h)
    here_pptx, _ = files.build(h)
    assert pdf.startswith(b"%PDF")
    slides = [len(Presentation(io.BytesIO(b)).slides) for b in (pptx, here_pptx)]
    assert slides[0] == slides[1] >= 3
