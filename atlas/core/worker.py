"""Work kept out of the server's process: one child Python process per kind of work, started when first
needed, one call at a time, stopped after a while without one.

Why a process. Some work holds the GIL for seconds or keeps memory the server cannot give back: vl-convert
draws a picture in its own JavaScript engine (a slide picture held the GIL for 0.2-1 s, and the engine keeps
about 120 MB once it has drawn a few), and a crafted upload can ask a parser for seconds of CPU and
gigabytes. In a child the server's other sessions keep running meanwhile, a limit can be set on the child
alone, and what the work kept goes when the child stops.

The child is a fresh interpreter (subprocess, `python -c _CHILD`) that the server owns by its public
handle (pid, poll, kill), and speaks to over two pipes: pickled (function, arguments) in, pickled (result
or exception) out, nothing written to disk. Not multiprocessing's 'spawn': a spawned child first runs the
parent's __main__ again (so that functions defined there can be found; spawn reads
sys.modules['__main__'].__spec__ and __file__ at each start, with no parameter to leave it out), and
during a page's run Streamlit installs the page script as __main__: the worker would run the whole app.
Only multiprocessing's private launch functions could change that; a plain subprocess has no __main__ to
carry, no copy of the server's threads or locks, and imports only what the called function's module
imports.

A call that outlasts its time kills the child; a child that dies (out of memory, killed by the OS) or
cannot start is replaced at the next call. Both come back as WorkerStopped with a reason (memory,
stopped, timeout, busy) the caller can put into words. The function must be a module-level function (the
child imports it by name) taking and returning picklable values; the exceptions it raises come back as
raised.
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
from dataclasses import dataclass, field
from typing import Any, TypeVar

R = TypeVar("R")
IN_WORKER = "ATLAS_IN_WORKER"  # set in a child's environment
_HEADER = struct.Struct("<Q")  # each message: its length, then the pickle
_CHUNK = 1 << 20

# The child's program: standard library only until it unpickles a job, which imports the called
# function's module. argv: the job pipe's fd, the answer pipe's fd, the address-space limit in bytes
# (0: none); the first message is the server's sys.path, so that the same modules are found.
_CHILD = """
import os, pickle, resource, struct, sys

IN_WORKER = "ATLAS_IN_WORKER"  # the module's IN_WORKER

os.environ[IN_WORKER] = "1"  # a Worker called in here runs its function in this process
jobs, answers, limit = (int(a) for a in sys.argv[1:4])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
header = struct.Struct("<Q")


def read(n):
    out = bytearray()
    while len(out) < n:
        chunk = os.read(jobs, min(n - len(out), 1 << 20))
        if not chunk:
            raise SystemExit(0)  # the server closed the pipe: stop
        out += chunk
    return bytes(out)


def message():
    return read(header.unpack(read(header.size))[0])


def run(job):
    try:
        fn, args = pickle.loads(job)
        return True, fn(*args)
    except Exception as err:  # MemoryError too
        # Let go of the call's frames (a MemoryError leaves them full) before the answer is pickled.
        err.__context__ = err.__cause__ = None
        return False, err.with_traceback(None)


sys.path[:] = pickle.loads(message())
while True:
    answer = run(message())
    try:
        blob = pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    except Exception as err:  # a result or an exception that does not pickle
        blob = pickle.dumps((False, RuntimeError(f"{type(err).__name__}: {err}")))
    answer = None
    for part in (header.pack(len(blob)), blob):
        view = memoryview(part)
        while view:
            view = view[os.write(answers, view):]
"""


class WorkerStopped(Exception):
    """The call did not finish: reason is memory, stopped (the child died or could not start), timeout
    or busy (the call before it held the child past this call's time)."""

    def __init__(self, reason: str, worker: str) -> None:
        super().__init__(f"{worker}: {reason}")
        self.reason = reason


class _Died(Exception):
    """The child's pipe closed (it was killed or crashed), or it could not be started."""


@dataclass
class _Child:
    process: subprocess.Popen[bytes]
    jobs: int  # the write end of the child's job pipe
    answers: int  # the read end of its answer pipe
    memory_mb: int | None
    _ready: select.poll = field(default_factory=select.poll)

    def __post_init__(self) -> None:
        self._ready.register(self.answers, select.POLLIN)

    @classmethod
    def start(cls, memory_mb: int | None) -> _Child:
        job_r, job_w = os.pipe()
        answer_r, answer_w = os.pipe()
        limit = 0 if memory_mb is None else memory_mb * 1024 * 1024
        try:
            process = subprocess.Popen(  # noqa: S603  (this interpreter and our own program, no shell)
                [sys.executable, "-c", _CHILD, str(job_r), str(answer_w), str(limit)],
                stdin=subprocess.DEVNULL,
                pass_fds=(job_r, answer_w),
                close_fds=True,
            )
        except BaseException as err:
            for fd in (job_r, job_w, answer_r, answer_w):
                os.close(fd)
            if isinstance(err, OSError):  # no memory or processes left for it: told as stopped
                raise _Died from err
            raise
        os.close(job_r)
        os.close(answer_w)
        child = cls(process, job_w, answer_r, memory_mb)
        child.send(pickle.dumps(list(sys.path)))
        return child

    def alive(self) -> bool:
        return self.process.poll() is None

    def send(self, blob: bytes) -> None:
        try:
            os.write(self.jobs, _HEADER.pack(len(blob)))
            view = memoryview(blob)
            while view:
                view = view[os.write(self.jobs, view[:_CHUNK]) :]
        except BrokenPipeError:
            raise _Died from None

    def receive(self, deadline: float) -> bytes:
        size = _HEADER.unpack(self._read(_HEADER.size, deadline))[0]
        return self._read(size, deadline)

    def _read(self, n: int, deadline: float) -> bytes:
        out = bytearray()
        while len(out) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not self._ready.poll(left * 1000):  # poll, not select: a server's fds pass 1024
                raise TimeoutError
            chunk = os.read(self.answers, min(n - len(out), _CHUNK))
            if not chunk:
                raise _Died
            out += chunk
        return bytes(out)

    def stop(self) -> None:
        """Kill the child (a call past its time, or idle) and reap it; no zombie stays."""
        if self.alive():
            self.process.kill()
        self.process.wait()
        for fd in (self.jobs, self.answers):
            os.close(fd)


class Worker:
    """One child process for one kind of work (see the module's docstring).

    memory_mb: the child's address space (RLIMIT_AS), or None for none (a JavaScript engine reserves far
    more address space than it uses: vl-convert cannot run under one); timeout_s: the longest a call may
    take, its wait for the call before it included; idle_s: the child stops after this long without a
    call (the next call starts another: about 0.1 s, then its module's imports)."""

    def __init__(self, name: str, memory_mb: int | None, timeout_s: float, idle_s: float) -> None:
        self.name = name
        self.memory_mb = memory_mb
        self.timeout_s = timeout_s
        self.idle_s = idle_s
        self.lock = threading.Lock()  # one call at a time; guards _child
        self._child: _Child | None = None
        self._idle: threading.Timer | None = None

    def call(self, fn: Callable[..., R], *args: Any, timeout_s: float | None = None, memory_mb: int | None = None) -> R:
        """fn(*args) in the child: its result, or the exception it raised. WorkerStopped when the child ran
        out of memory, died, or the call (with its wait for the one before) took longer than timeout_s.
        memory_mb: this call's limit when it differs from the worker's (a new child is started for it)."""
        if os.environ.get(IN_WORKER):  # already in a worker (a deck's pictures): no child of a child
            return fn(*args)
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        memory_mb = self.memory_mb if memory_mb is None else memory_mb
        job = pickle.dumps((fn, args), pickle.HIGHEST_PROTOCOL)  # fails here, in the caller, if it cannot
        deadline = time.monotonic() + timeout_s
        if not self.lock.acquire(timeout=timeout_s):
            raise WorkerStopped("busy", self.name)
        try:
            try:
                child = self._child_for(memory_mb)
                child.send(job)
                ok, answer = pickle.loads(child.receive(deadline))
            except _Died:
                self._discard()
                raise WorkerStopped("stopped", self.name) from None
            except TimeoutError:
                self._discard()
                raise WorkerStopped("timeout", self.name) from None
            if ok:
                return answer  # type: ignore[no-any-return]
            if isinstance(answer, MemoryError):
                raise WorkerStopped("memory", self.name) from None
            raise answer
        finally:
            self._stop_when_idle()
            self.lock.release()

    def _child_for(self, memory_mb: int | None) -> _Child:
        """The warm child, or a new one (none yet, the last one dead, another memory limit). Lock held."""
        if self._child is not None and self._child.memory_mb == memory_mb and self._child.alive():
            return self._child  # warm; a child that died while idle (the OS needed its memory) is replaced here
        self._discard()
        self._child = _Child.start(memory_mb)
        return self._child

    def _discard(self) -> None:
        """Stop the child, if any, and forget it. Lock held."""
        child, self._child = self._child, None
        if child is not None:
            child.stop()

    def _stop_when_idle(self) -> None:
        """From now, stop the child after idle_s unless another call comes first. Lock held."""
        if self._idle is not None:
            self._idle.cancel()
        self._idle = threading.Timer(self.idle_s, self._stop_idle)
        self._idle.daemon = True
        self._idle.start()

    def _stop_idle(self) -> None:
        if self.lock.acquire(blocking=False):  # a call running now re-arms the timer when it ends
            try:
                self._discard()
            finally:
                self.lock.release()

    def shutdown(self) -> None:
        """Stop the child (tests; the server's exit closes its pipes, which ends it too)."""
        with self.lock:
            self._discard()

    def pid(self) -> int | None:
        """The running child's process id, if one runs (tests and the bench read its memory)."""
        with self.lock:
            child = self._child
            return child.process.pid if child is not None and child.alive() else None
