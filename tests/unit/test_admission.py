"""Page scripts take turns: a few run at once, the rest wait, and none waits forever."""

from __future__ import annotations

import threading
import time

import pytest

from atlas.ui import admission


@pytest.fixture
def turns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admission, "_turns", threading.BoundedSemaphore(admission.RUNNING_AT_ONCE))


def test_no_more_than_the_places_run_at_once(turns: None) -> None:
    running, most, done = [0], [0], []
    lock = threading.Lock()

    def script(i: int) -> None:
        with admission.turn():
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1
        done.append(i)

    threads = [threading.Thread(target=script, args=(i,)) for i in range(4 * admission.RUNNING_AT_ONCE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(done) == list(range(4 * admission.RUNNING_AT_ONCE)), "every script ran"
    assert most[0] == admission.RUNNING_AT_ONCE


def test_a_script_that_raises_gives_its_place_back(turns: None) -> None:
    # Streamlit ends a run by raising (st.rerun, st.stop, a new rerun request): the place must come back.
    for _ in range(admission.RUNNING_AT_ONCE + 1):
        with pytest.raises(RuntimeError), admission.turn():
            raise RuntimeError("rerun")
    assert all(admission._turns.acquire(timeout=0) for _ in range(admission.RUNNING_AT_ONCE))


def test_a_hung_script_delays_the_next_one_only_so_long(turns: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admission, "_LONGEST_WAIT_S", 0.2)
    for _ in range(admission.RUNNING_AT_ONCE):  # every place held by scripts that never finish
        admission._turns.acquire()
    t0 = time.monotonic()
    with admission.turn():
        waited = time.monotonic() - t0
    assert 0.15 < waited < 2
    # it went ahead without a place, so it gives none back (a BoundedSemaphore would raise on a surplus)
    assert not admission._turns.acquire(timeout=0)


def test_the_app_runs_every_page_inside_a_turn() -> None:
    from pathlib import Path

    app = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    assert "with turn():" in app and app.index("with turn():") < app.index(".run()")
