"""A few page scripts at a time: the rest wait their turn instead of all running at once.

Streamlit runs every session's script in its own thread. When a class opens the link together,
fifty scripts interleave under one GIL on two cores: none finishes sooner for the company, and
all fifty hold their half-built tables and chart specs at once. Python's small-object allocator
grows an arena for that peak and cannot give an arena back while one block in it lives on, so
the server stayed 30 MB heavier after everyone had left (bench/load.py --sessions 50, read with
sys._debugmallocstats). Taking turns keeps the peak to a few scripts' worth.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

# One GIL per process: one script runs Python at a time, and the second place covers the time another
# spends in native code (Arrow, vl-convert). More cores are used by more replicas (README, "Scale past
# one machine"). Measured with bench/load.py --sessions 50: 2 and 3 places serve as fast; 2 holds less.
RUNNING_AT_ONCE = 2
_LONGEST_WAIT_S = 20.0  # a script that hangs delays the others this long at most, never forever

_turns = threading.BoundedSemaphore(RUNNING_AT_ONCE)


@contextmanager
def turn() -> Iterator[None]:
    """Hold one of the few places to run while the block runs; go ahead anyway after the longest wait."""
    got = _turns.acquire(timeout=_LONGEST_WAIT_S)
    try:
        yield
    finally:
        if got:
            _turns.release()
