"""Work kept out of the server's process: one child Python process per kind of work, started when first
needed, one call at a time, stopped after a while without one.

Why a process. Some work holds the GIL for seconds or keeps memory the server cannot give back: vl-convert
draws a picture in its own JavaScript engine (a slide picture holds the GIL for 0.2-1 s, and the engine
keeps about 120 MB once it has drawn a few), and a crafted upload can ask a parser for seconds of CPU and
gigabytes. In a child the server's other sessions keep running meanwhile, and what the work kept goes
when the child stops.

The child is `python -B -m atlas.core.worker_child MEMORY_MB` (a fresh interpreter that imports only the
called function's module; -B: nothing written to disk), spoken to over its stdin and stdout in pickled
frames. A call names a module-level function, which the child imports by name; its result or the exception
it raised comes back as returned or raised. A call that outlasts its time kills the child; a child that
dies (out of memory, killed by the OS) is replaced at the next call. Both come back as WorkerStopped with
a reason the caller can put into words.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

R = TypeVar("R")

_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the atlas package
_HEADER = struct.Struct(">Q")


class WorkerStopped(Exception):
    """The call did not finish: reason is memory, stopped (the child died), timeout or busy."""

    def __init__(self, reason: str, worker: str) -> None:
        super().__init__(f"{worker}: {reason}")
        self.reason = reason


def _read_exactly(fd: int, n: int, deadline: float) -> bytes | None:
    """n bytes from fd by the deadline; None at end of file. TimeoutError past the deadline."""
    chunks: list[bytes] = []
    while n:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class Worker:
    """One child process for one kind of work (see the module's docstring).

    memory_mb: the child's address space (RLIMIT_AS), or None for no limit (a JavaScript engine reserves
    far more address space than it uses, so vl-convert cannot run under one); timeout_s: the longest a
    call may take, waiting for the call before it included; idle_s: the child stops after this long
    without a call (the next call starts another: about 0.1 s, then its module's imports)."""

    def __init__(self, name: str, memory_mb: int | None, timeout_s: float, idle_s: float) -> None:
        self.name = name
        self.memory_mb = memory_mb
        self.timeout_s = timeout_s
        self.idle_s = idle_s
        self._lock = threading.Lock()  # one call at a time; guards _proc
        self._proc: subprocess.Popen[bytes] | None = None
        self._idle: threading.Timer | None = None

    def call(self, fn: Callable[..., R], *args: Any, timeout_s: float | None = None) -> R:
        """fn(*args) in the child: its result, or the exception it raised. WorkerStopped when the child ran
        out of memory, died, or the call (with its wait for the one before) took longer than timeout_s."""
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + timeout_s
        if not self._lock.acquire(timeout=timeout_s):
            raise WorkerStopped("busy", self.name)
        try:
            return self._call(fn, args, deadline)
        finally:
            self._stop_when_idle()
            self._lock.release()

    def _call(self, fn: Callable[..., R], args: tuple[Any, ...], deadline: float) -> R:
        proc = self._started()
        frame = pickle.dumps((fn.__module__, fn.__qualname__, args), protocol=pickle.HIGHEST_PROTOCOL)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(_HEADER.pack(len(frame)) + frame)
            proc.stdin.flush()
            fd = proc.stdout.fileno()
            header = _read_exactly(fd, _HEADER.size, deadline)
            body = None if header is None else _read_exactly(fd, _HEADER.unpack(header)[0], deadline)
        except TimeoutError:
            self._discard()
            raise WorkerStopped("timeout", self.name) from None
        except OSError:  # the child's pipe closed under us: it died
            body = None
        if body is None:
            self._discard()
            raise WorkerStopped("stopped", self.name)
        ok, value = pickle.loads(body)
        if ok:
            return value  # type: ignore[no-any-return]
        if isinstance(value, MemoryError):
            raise WorkerStopped("memory", self.name)
        raise value

    def _started(self) -> subprocess.Popen[bytes]:
        """The warm child, or a new one (none yet, or the last one died while idle). Lock held."""
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._discard()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(_ROOT), os.environ.get("PYTHONPATH"))))}
        limit = "0" if self.memory_mb is None else str(self.memory_mb)
        self._proc = subprocess.Popen(  # noqa: S603  (our own interpreter and module, no shell)
            [sys.executable, "-B", "-m", "atlas.core.worker_child", limit],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=_ROOT,
            close_fds=True,
        )
        return self._proc

    def _discard(self) -> None:
        """Kill the child, if any, and wait for it. Lock held."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.kill()
        proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()

    def _stop_when_idle(self) -> None:
        """From now, stop the child after idle_s unless another call comes first. Lock held."""
        if self._idle is not None:
            self._idle.cancel()
        self._idle = threading.Timer(self.idle_s, self._stop_idle)
        self._idle.daemon = True
        self._idle.start()

    def _stop_idle(self) -> None:
        if self._lock.acquire(blocking=False):  # a call running now re-arms the timer when it ends
            try:
                self._discard()
            finally:
                self._lock.release()

    def shutdown(self) -> None:
        """Stop the child (tests; the server's exit closes its pipes, which ends it too)."""
        with self._lock:
            self._discard()

    def pid(self) -> int | None:
        """The running child's process id, if one runs (tests and the bench read its memory)."""
        with self._lock:
            proc = self._proc
            return proc.pid if proc is not None and proc.poll() is None else None
