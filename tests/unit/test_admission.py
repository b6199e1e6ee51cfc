"""Page scripts take turns: a few run at once, the rest wait in a fair order, and none waits forever."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest

from atlas.ui import admission


@pytest.fixture
def turns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admission, "_turns", admission.Turns(admission.RUNNING_AT_ONCE))


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
    assert admission._turns.running()[0] == 0


def test_a_hung_script_delays_the_next_one_only_so_long(turns: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admission, "_LONGEST_WAIT_S", 0.2)
    hung = threading.Event()
    holders = [_hold(admission.turn, f"hung-{i}", hung) for i in range(admission.RUNNING_AT_ONCE)]
    _until(lambda: admission._turns.running()[0] == admission.RUNNING_AT_ONCE)
    t0 = time.monotonic()
    with admission.turn("next"):
        waited = time.monotonic() - t0
        assert admission._turns.running()[0] == admission.RUNNING_AT_ONCE, "it went ahead without a place"
    assert 0.15 < waited < 2
    hung.set()
    for h in holders:
        h.join(5)
    assert admission._turns.running()[0] == 0, "only the places taken are given back"


def test_the_app_runs_every_page_inside_a_turn() -> None:
    from pathlib import Path

    app = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    assert "with turn(session_key()):" in app and app.index("with turn(") < app.index(".run()")


# Fairness: a session that has run much of late (a tab rerunning without pause) waits behind the others.


def _hold(turn: Callable[[str], AbstractContextManager[None]], who: str, release: threading.Event) -> threading.Thread:
    def run() -> None:
        with turn(who):
            release.wait(10)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _ran(turns: admission.Turns, clock: _Clock, who: str, seconds: float) -> None:
    with turns.turn(who):
        clock.now += seconds


def test_running_time_is_remembered_and_fades_by_half_each_half_life() -> None:
    clock = _Clock()
    turns = admission.Turns(2, clock)
    _ran(turns, clock, "tab", 8.0)
    assert turns.recent_seconds("tab") == pytest.approx(8.0)
    assert turns.is_heavy("tab") and not turns.is_heavy("reader")
    clock.now += admission.HALF_LIFE_S
    assert turns.recent_seconds("tab") == pytest.approx(4.0)
    assert not turns.is_heavy("tab"), "a heavy session becomes light again once it stops"
    _ran(turns, clock, "tab", 3.0)
    assert turns.recent_seconds("tab") == pytest.approx(4.0 * 0.5 ** (3.0 / admission.HALF_LIFE_S) + 3.0)


def test_many_short_runs_add_up_to_heavy() -> None:
    clock = _Clock()
    turns = admission.Turns(2, clock)
    for _ in range(40):  # a storm of filter changes, 0.3 s each, back to back
        _ran(turns, clock, "storm", 0.3)
    assert turns.is_heavy("storm")
    for _ in range(5):  # a reader: five pages, a few seconds apart
        _ran(turns, clock, "reader", 0.5)
        clock.now += 5
    assert not turns.is_heavy("reader")


def test_the_ledger_forgets_sessions_whose_time_has_faded() -> None:
    clock = _Clock()
    turns = admission.Turns(2, clock)
    for i in range(100):
        _ran(turns, clock, f"gone-{i}", 0.5)
    clock.now += 20 * admission.HALF_LIFE_S
    _ran(turns, clock, "now", 0.5)
    assert turns.sessions_remembered() == 1


def test_heavy_sessions_never_hold_the_last_place() -> None:
    turns = admission.Turns(2)
    for who in ("storm-a", "storm-b"):
        turns._recent[who] = (10 * admission.HEAVY_S, time.monotonic())
    release = threading.Event()
    first = _hold(turns.turn, "storm-a", release)
    _until(lambda: turns.running()[0] == 1)
    second = _hold(turns.turn, "storm-b", release)
    time.sleep(0.3)
    assert turns.running() == (1, 1), "the second heavy session waits"
    reader = _hold(turns.turn, "reader", release)
    _until(lambda: turns.running()[0] == 2)
    assert turns.running()[1] == 1, "the reader took the place kept for light sessions"
    release.set()
    for thread in (first, second, reader):
        thread.join(5)
    assert turns.running()[0] == 0


def test_a_light_session_goes_before_heavy_ones_that_came_first() -> None:
    turns = admission.Turns(1)
    turns._recent["storm"] = (10 * admission.HEAVY_S, time.monotonic())
    order: list[str] = []
    busy = threading.Event()
    holder = _hold(turns.turn, "holder", busy)
    _until(lambda: turns.running()[0] == 1)

    def ask(who: str) -> threading.Thread:
        def run() -> None:
            with turns.turn(who):
                order.append(who)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    storm = ask("storm")
    _until(lambda: len(turns._waiting) == 1)
    reader = ask("reader")
    _until(lambda: len(turns._waiting) == 2)
    busy.set()
    for thread in (holder, storm, reader):
        thread.join(5)
    assert order == ["reader", "storm"]


def test_without_a_session_name_a_script_is_light_and_not_remembered() -> None:
    turns = admission.Turns(2)
    with turns.turn():
        time.sleep(0.01)
    assert turns.sessions_remembered() == 0


def test_when_long_runs_hold_every_place_one_reader_more_goes_ahead() -> None:
    """Two sessions, light when they began, build decks (about 20 s each): once their runs have gone on
    for LONG_RUN_S, a reader is let in beside them, and only one."""
    clock = _Clock()
    turns = admission.Turns(2, clock)
    release = threading.Event()
    builders = [_hold(turns.turn, f"deck-{i}", release) for i in range(2)]
    _until(lambda: turns.running() == (2, 0))
    readers = [_hold(turns.turn, f"reader-{i}", release) for i in range(2)]
    _until(lambda: len(turns._waiting) == 2)
    time.sleep(0.3)
    assert turns.running() == (2, 0), "short runs are waited for as before"
    clock.now += admission.LONG_RUN_S + 0.1
    _until(lambda: turns.running()[0] == 3)
    time.sleep(0.3)
    assert turns.running() == (3, 2) and len(turns._waiting) == 1, "one more, never more"
    release.set()
    for thread in (*builders, *readers):
        thread.join(5)
    assert turns.running()[0] == 0


def test_two_decks_are_built_one_after_the_other_and_readers_go_on_meanwhile() -> None:
    turns = admission.Turns(2)
    inside: list[str] = []
    most = [0]
    lock = threading.Lock()
    release = {who: threading.Event() for who in ("deck-a", "deck-b")}

    def build(who: str) -> None:
        with turns.turn(who), turns.heavy_work():
            with lock:
                inside.append(who)
                most[0] = max(most[0], len(inside))
            release[who].wait(10)
            with lock:
                inside.remove(who)

    threads = [threading.Thread(target=build, args=(who,), daemon=True) for who in release]
    for thread in threads:
        thread.start()
    _until(lambda: len(inside) == 1 and len(turns._waiting) == 1)
    assert turns.running() == (1, 1), "the second deck gave its place back while it waits"
    reader_done = threading.Event()

    def read() -> None:
        with turns.turn("reader"):
            reader_done.set()

    threading.Thread(target=read, daemon=True).start()
    assert reader_done.wait(5), "a reader runs while a deck is being built and another waits"
    first = inside[0]
    release[first].set()
    _until(lambda: bool(inside) and inside[0] != first)
    release[inside[0]].set()
    for thread in threads:
        thread.join(5)
    assert most[0] == 1 and turns.running() == (0, 0)


def test_heavy_work_outside_a_turn_just_runs() -> None:
    turns = admission.Turns(2)
    with turns.heavy_work():
        assert turns.running() == (0, 0)


def test_heavy_work_pauses_between_steps_while_readers_run() -> None:
    turns = admission.Turns(2)
    release = threading.Event()
    paused: list[float] = []

    def deck() -> None:
        with turns.turn("deck"), turns.heavy_work():
            _until(lambda: turns.running()[0] == 2)
            t0 = time.monotonic()
            turns.let_others_run(longest_s=5)  # the reader's run ends after 0.3 s
            paused.append(time.monotonic() - t0)
            t0 = time.monotonic()
            turns.let_others_run(longest_s=5)  # no one else: no pause
            paused.append(time.monotonic() - t0)

    builder = threading.Thread(target=deck, daemon=True)
    builder.start()
    _until(lambda: turns.running() == (1, 1))
    reader = _hold(turns.turn, "reader", release)
    threading.Timer(0.3, release.set).start()
    builder.join(10)
    reader.join(5)
    assert 0.2 < paused[0] < 2 and paused[1] < 0.1


def test_a_pause_for_readers_is_bounded() -> None:
    turns = admission.Turns(2)
    release = threading.Event()
    reader = _hold(turns.turn, "reader", release)
    _until(lambda: turns.running()[0] == 1)
    t0 = time.monotonic()
    turns.let_others_run(longest_s=0.2)
    assert 0.15 < time.monotonic() - t0 < 1
    release.set()
    reader.join(5)


def test_a_light_run_does_not_pause_for_others() -> None:
    clock = _Clock()
    turns = admission.Turns(2, clock)
    release = threading.Event()
    with turns.turn("page"):
        reader = _hold(turns.turn, "reader", release)
        _until(lambda: turns.running()[0] == 2)
        t0 = time.monotonic()
        turns.let_others_run(longest_s=2)
        assert time.monotonic() - t0 < 0.1, "a short page run goes straight on"
        release.set()
        reader.join(5)
        clock.now += admission.LONG_RUN_S + 0.1  # the same run, once it has gone on long
        late = threading.Event()
        reader = _hold(turns.turn, "reader-2", late)
        _until(lambda: turns.running()[0] == 2)
        t0 = time.monotonic()
        turns.let_others_run(longest_s=0.3)
        assert time.monotonic() - t0 > 0.25, "a long one lets the reader's page go first"
        late.set()
        reader.join(5)
