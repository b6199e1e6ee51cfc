"""A few page scripts at a time, taken in a fair order: the rest wait their turn instead of all running at once.

Streamlit runs every session's script in its own thread. When a class opens the link together,
fifty scripts interleave under one GIL on two cores: none finishes sooner for the company, and
all fifty hold their half-built tables and chart specs at once. Python's small-object allocator
grows an arena for that peak and cannot give an arena back while one block in it lives on, so
the server stayed 30 MB heavier after everyone had left (bench/load.py --sessions 50, read with
sys._debugmallocstats). Taking turns keeps the peak to a few scripts' worth.

Fair, because one anonymous visitor could otherwise hold every place: a tab that reruns without
pause (a 30-view briefing link, a storm of filter changes) asks again the moment it finishes, and
with a plain semaphore it wins its place back as often as anyone. So each session's running time is
remembered, fading by half every HALF_LIFE_S. A session that has run more than HEAVY_S of late is
heavy: it waits behind every light one, and heavy sessions together hold at most all places but one.
A run that has gone on for LONG_RUN_S (a deck being built) is heavy too while it lasts: when such runs
hold every place, one light script more is let in, so a reader never waits for a deck to finish
(bench/load.py --hostile 2, see the README). A heavy session is never refused; it runs when a place
meant for it is free, or after the longest wait.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

# One GIL per process: one script runs Python at a time, and the second place covers the time another
# spends in native code (Arrow, vl-convert). More cores are used by more replicas (README, "Scale past
# one machine"). Measured with bench/load.py --sessions 50: 2 and 3 places serve as fast; 2 holds less.
RUNNING_AT_ONCE = 2
_LONGEST_WAIT_S = 20.0  # a script that hangs delays the others this long at most, never forever

# An ordinary visit costs 0.1-1 s of script time a page and a deck about 3 s, with reading in between;
# a session past 6 s of running in the last half-minute or so is doing more than a reader can.
HEAVY_S = 6.0
HALF_LIFE_S = 20.0
LONG_RUN_S = 2.0  # a single run this long is heavy too while it lasts (a deck for twelve views: 20 s)
_RECHECK_S = 0.1
_LONGEST_YIELD_S = 1.0  # heavy work pauses at most this long a step for the readers' pages
_LONGEST_HEAVY_WAIT_S = 120.0  # a deck waits for another deck this long at most (a 12-map deck: ~20 s)
_FORGET_BELOW_S = 0.05  # a session whose recent time has faded below this is dropped from the ledger


@dataclass
class _Waiter:
    order: int
    heavy: bool


@dataclass
class _Run:
    who: str
    started: float
    before: float  # the session's faded running time when this run began
    declared: bool = False  # inside heavy_work(): known to be long before it has taken long


_this_run = threading.local()  # the order of the run this thread holds a place for


class Turns:
    """The places to run, and who gets the next free one."""

    def __init__(self, places: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.places = places
        self._clock = clock
        self._cond = threading.Condition()
        self._holders: dict[int, _Run] = {}
        self._waiting: list[_Waiter] = []
        self._recent: dict[str, tuple[float, float]] = {}  # session -> (running seconds, as of when)
        self._arrivals = itertools.count()

    def recent_seconds(self, who: str) -> float:
        """The session's running time, each second weighing half as much HALF_LIFE_S later."""
        with self._cond:
            return self._faded(who, self._clock())

    def is_heavy(self, who: str) -> bool:
        return self.recent_seconds(who) > HEAVY_S

    def sessions_remembered(self) -> int:
        with self._cond:
            return len(self._recent)

    def running(self) -> tuple[int, int]:
        """(scripts holding a place, how many of them are heavy now)."""
        with self._cond:
            now = self._clock()
            return len(self._holders), sum(self._heavy(run, now) for run in self._holders.values())

    @contextmanager
    def turn(self, who: str = "", longest_wait_s: float = _LONGEST_WAIT_S) -> Iterator[None]:
        """Hold a place while the block runs; go ahead anyway after the longest wait."""
        with self._cond:
            now = self._clock()
            waiter = _Waiter(next(self._arrivals), bool(who) and self._faded(who, now) > HEAVY_S)
            self._waiting.append(waiter)
            got = self._wait_for_place(waiter, longest_wait_s)
            self._waiting.remove(waiter)
            if got:
                self._holders[waiter.order] = _Run(who, self._clock(), self._faded(who, now) if who else 0.0)
            self._cond.notify_all()  # the next in line may be someone the removal lets through
        started = self._clock()
        _this_run.order = waiter.order
        try:
            yield
        finally:
            _this_run.order = None
            with self._cond:
                self._holders.pop(waiter.order, None)
                if who:
                    now = self._clock()
                    self._recent[who] = (self._faded(who, now) + (now - started), now)
                    self._forget_faded(now)
                self._cond.notify_all()

    @contextmanager
    def heavy_work(self, longest_wait_s: float = _LONGEST_HEAVY_WAIT_S) -> Iterator[None]:
        """Inside a turn, work known to be long (a deck and its handout): it counts as heavy from its
        start. If heavy runs already hold every place they may, this run gives its place back and waits
        behind the light ones, so two decks are never built at once while others wait."""
        order = getattr(_this_run, "order", None)
        with self._cond:
            run = self._holders.get(order) if order is not None else None
            if run is not None and order is not None:
                now = self._clock()
                others = sum(self._heavy(r, now) for o, r in self._holders.items() if o != order)
                if others >= self._heavy_places():
                    del self._holders[order]
                    waiter = _Waiter(order, heavy=True)
                    self._waiting.append(waiter)
                    self._cond.notify_all()
                    got = self._wait_for_place(waiter, longest_wait_s)
                    self._waiting.remove(waiter)
                    if got:
                        self._holders[order] = run
                    self._cond.notify_all()
                run.declared = True
        yield

    def let_others_run(self, longest_s: float = _LONGEST_YIELD_S) -> None:
        """Between two steps of heavy work (each slide of a deck, each view of a long briefing): if this
        run is heavy, wait while light scripts run or wait, at most longest_s. A picture holds the GIL
        while vl-convert draws it, so a deck built beside readers' pages made each of them several times
        slower (bench/load.py --hostile 2). A light run goes straight on."""
        me = getattr(_this_run, "order", None)
        deadline = time.monotonic() + longest_s
        with self._cond:
            run = self._holders.get(me) if me is not None else None
            if run is not None and not self._heavy(run, self._clock()):
                return  # a light run, short so far: it is one of those others
            while (left := deadline - time.monotonic()) > 0 and self._light_busy(me):
                self._cond.wait(min(left, _RECHECK_S))

    def _light_busy(self, me: int | None) -> bool:
        now = self._clock()
        waiting = any(not w.heavy for w in self._waiting)
        return waiting or any(not self._heavy(r, now) for o, r in self._holders.items() if o != me)

    def _wait_for_place(self, waiter: _Waiter, longest_wait_s: float) -> bool:
        """Wait, with the lock held, until waiter may run; False after the longest wait."""
        deadline = time.monotonic() + longest_wait_s
        # A run turns heavy as it goes on, which no one announces: look again every _RECHECK_S.
        while not (got := self._next() is waiter) and (left := deadline - time.monotonic()) > 0:
            self._cond.wait(min(left, _RECHECK_S))
        return got

    def _heavy_places(self) -> int:
        return self.places - 1 if self.places > 1 else self.places  # one place is always kept for the rest

    def _heavy(self, run: _Run, now: float) -> bool:
        elapsed = now - run.started
        return run.declared or elapsed > LONG_RUN_S or run.before + elapsed > HEAVY_S

    def _next(self) -> _Waiter | None:
        """Who may run now (called with the lock held).

        The first light waiter, while light scripts hold fewer than all places: when heavy or long runs
        (a deck being built) hold some, one script more than the places is let in, never more.
        Otherwise the first heavy waiter, when a place is free and the heavy ones leave one for the rest.
        """
        if not self._waiting:
            return None
        now = self._clock()
        holders = len(self._holders)
        heavy = sum(self._heavy(run, now) for run in self._holders.values())
        light = [w for w in self._waiting if not w.heavy]
        if light:
            return light[0] if holders - heavy < self.places and holders < self.places + 1 else None
        if holders < self.places and heavy < self._heavy_places():
            return self._waiting[0]
        return None

    def _faded(self, who: str, now: float) -> float:
        seconds, at = self._recent.get(who, (0.0, now))
        return float(seconds * 0.5 ** ((now - at) / HALF_LIFE_S))

    def _forget_faded(self, now: float) -> None:
        for who in [w for w in self._recent if self._faded(w, now) < _FORGET_BELOW_S]:
            del self._recent[who]


_turns = Turns(RUNNING_AT_ONCE)


def turn(who: str = "") -> AbstractContextManager[None]:
    """The process's places: `with turn(session_key):` around a page script."""
    return _turns.turn(who, _LONGEST_WAIT_S)


def heavy_work() -> AbstractContextManager[None]:
    """`with heavy_work():` around long work inside a page script (a deck): see Turns.heavy_work."""
    return _turns.heavy_work()


def let_others_run() -> None:
    """Call between the steps of heavy work: see Turns.let_others_run."""
    _turns.let_others_run()
