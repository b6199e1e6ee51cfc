"""Functions tests/unit/test_worker.py runs in atlas.core.worker's child (it imports them by name)."""

from __future__ import annotations

import os
import sys
import time


def pid() -> int:
    return os.getpid()


def add(a: int, b: int) -> int:
    return a + b


def fail(value: int) -> None:
    raise ValueError(f"bad value {value}")


def noisy(text: str) -> int:
    print(text)
    sys.stdout.flush()
    return len(text)


def echo(blob: bytes) -> bytes:
    return blob


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def die() -> None:
    os._exit(3)


def allocate_mb(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block) // (1024 * 1024)


def pid_of_a_nested_call() -> tuple[int, int]:
    """This child's pid, and the pid a Worker called from in here runs its function in."""
    from atlas.core.worker import Worker

    return os.getpid(), Worker("nested", memory_mb=None, timeout_s=10, idle_s=10).call(pid)
