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
heavy: it waits behind every light one, and heavy sessions together hold at most all places but
one, which is always kept for everyone else (bench/load.py --hostile 2, see the README). A heavy
session is never refused; it runs when a place meant for it is free, or after the longest wait.
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
_FORGET_BELOW_S = 0.05  # a session whose recent time has faded below this is dropped from the ledger


@dataclass
class _Waiter:
    order: int
    heavy: bool


class Turns:
    """The places to run, and who gets the next free one."""

    def __init__(self, places: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.places = places
        self._clock = clock
        self._cond = threading.Condition()
        self._running = 0
        self._heavy_running = 0
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

    @contextmanager
    def turn(self, who: str = "", longest_wait_s: float = _LONGEST_WAIT_S) -> Iterator[None]:
        """Hold a place while the block runs; go ahead anyway after the longest wait."""
        with self._cond:
            waiter = _Waiter(next(self._arrivals), bool(who) and self._faded(who, self._clock()) > HEAVY_S)
            self._waiting.append(waiter)
            got = self._cond.wait_for(lambda: self._next() is waiter, timeout=longest_wait_s)
            self._waiting.remove(waiter)
            if got:
                self._running += 1
                self._heavy_running += waiter.heavy
            self._cond.notify_all()  # the next in line may be someone the removal lets through
        started = self._clock()
        try:
            yield
        finally:
            with self._cond:
                if got:
                    self._running -= 1
                    self._heavy_running -= waiter.heavy
                if who:
                    now = self._clock()
                    self._recent[who] = (self._faded(who, now) + (now - started), now)
                    self._forget_faded(now)
                self._cond.notify_all()

    def _next(self) -> _Waiter | None:
        """Who may take a free place now: the first light waiter, else the first heavy one while a place
        is left over for the light ones. Called with the lock held."""
        if self._running >= self.places:
            return None
        light = [w for w in self._waiting if not w.heavy]
        if light:
            return light[0]
        kept_for_light = 1 if self.places > 1 else 0
        if self._heavy_running < self.places - kept_for_light and self._waiting:
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
