"""Parse functions for the upload worker's tests: module-level (the worker imports them by name) and
light (only the standard library, so a worker starts fast and its memory is the job's own)."""

from __future__ import annotations

import io
import os
import time
import zipfile


def inflate_every_part(data: bytes, *_: object) -> int:
    """What a reader that trusts a zip does: unpack every part whole. A zip bomb needs its full size, twice."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [archive.read(name) for name in archive.namelist()]
    return sum(len(p) for p in parts)


def hang(data: bytes, *_: object) -> int:
    time.sleep(600)
    return len(data)


def die(data: bytes, *_: object) -> int:
    os._exit(9)  # as the OS's out-of-memory killer or a crash in native code would leave it


def size(data: bytes, *_: object) -> tuple[int, int]:
    return len(data), os.getpid()


def loaded(data: bytes, *names: str) -> list[str]:
    """Which of these modules the worker has imported."""
    import sys

    return [name for name in names if name in sys.modules]


def unpicklable(data: bytes, *_: object) -> object:
    """A result that cannot travel back (a function made here is pickled by name, and has none)."""
    return lambda: data
