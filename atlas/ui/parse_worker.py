"""Uploads are parsed in one worker process with a memory limit, never in the server's own process.

Every upload's bytes are bounded before and while they are parsed (the zip's declared sizes, rows,
cell lengths), but a parse still costs CPU and memory that the server's other sessions share: a
workbook a few hundred kB long can ask for seconds of CPU and hundreds of MB. In a worker it holds
no GIL the pages need, and a parse that outgrows MEMORY_MB or TIMEOUT_S is stopped there:

- MemoryError in the worker (it caps its own address space with RLIMIT_AS before it reads anything),
- the worker killed (the OS, a crash in native code): a new one is started for the next upload,
- a parse past the timeout: the worker is killed, and a new one started for the next upload,

each come back as UploadStopped, whose message(lang) the page shows; the session keeps everything else.

One parse at a time in the whole server (one worker, one lock): an upload waits for the one before it
(at most the timeout), then is told to try again. While it waits or parses, the page's run counts as
heavy work (atlas.ui.admission), so readers' pages go on meanwhile.

The worker is a fresh interpreter (subprocess, `python -c _CHILD`) that the server owns by its public
handle (pid, poll, kill), and speaks to over two pipes: pickled (function, bytes, arguments) in,
pickled (result or exception) out, nothing written to disk. Not multiprocessing's 'spawn': a spawned
child first runs the parent's __main__ again (so that functions defined there can be found; spawn
reads sys.modules['__main__'].__spec__ and __file__ at each start, with no parameter to leave it
out), and during a page's run Streamlit installs the page script as __main__: the worker would run
the whole app. Only multiprocessing's private launch functions could change that; a plain subprocess
has no __main__ to carry, no copy of the server's threads or locks, and imports only what the parse
function's module imports (never this package, which imports Streamlit).

Started at the first upload (about 0.1 s, then the parse module's imports: about 1 s for pandas and
openpyxl), kept warm for the next (a call then costs under 1 ms more than the parse), and stopped after
IDLE_S without one. Two minutes, not longer: uploads come in bursts (a reader tries a file, fixes it,
tries again within a minute or two), while a warm worker holds about 150 MB that every reader of the
server shares, for as long as it waits; a cold start after a pause costs the next upload only 0.1-0.2 s
and 1-2 s for its first workbook, once per burst.

The parse function must be a module-level function (the worker imports it by name) taking the bytes
and picklable arguments, and returning picklable data; the exceptions it raises come back as raised.
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

from atlas.i18n import Refusal
from atlas.ui import admission

# The worker's address space: about 390 MB once pandas and openpyxl are imported (2-core Linux), the
# rest for the parse. A bounded upload needs far less (a 3 MB workbook: under 100 MB more).
MEMORY_MB = 1024
TIMEOUT_S = 30.0  # a full SIPRI workbook parses in about 1 s warm; the first upload starts the worker
# A warm worker holds about 150 MB: it is stopped after this long without an upload (the next one starts it).
IDLE_S = 120.0

R = TypeVar("R")
_HEADER = struct.Struct("<Q")  # each message: its length, then the pickle
_CHUNK = 1 << 20

# The worker's program: standard library only until it unpickles a job, which imports the parse
# function's module. argv: the job pipe's fd, the answer pipe's fd, the address-space limit in bytes;
# the first message is the server's sys.path, so that the same modules are found.
_CHILD = """
import os, pickle, resource, struct, sys

jobs, answers, limit = (int(a) for a in sys.argv[1:4])
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
        fn, data, args = pickle.loads(job)
        return True, fn(data, *args)
    except Exception as err:  # MemoryError too
        # Let go of the parse's frames (a MemoryError leaves them full) before the answer is pickled.
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


class UploadStopped(Refusal):
    """The parse was stopped: code is memory, stopped, timeout or busy."""

    prefix = "common.upload_worker"


class _Died(Exception):
    """The worker's pipe closed (it was killed or crashed), or it could not be started."""


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    jobs: int  # the write end of the worker's job pipe
    answers: int  # the read end of its answer pipe
    memory_mb: int
    _ready: select.poll = field(default_factory=select.poll)

    def __post_init__(self) -> None:
        self._ready.register(self.answers, select.POLLIN)

    @classmethod
    def start(cls, memory_mb: int) -> _Worker:
        job_r, job_w = os.pipe()
        answer_r, answer_w = os.pipe()
        limit = memory_mb * 1024 * 1024
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(job_r), str(answer_w), str(limit)],
                stdin=subprocess.DEVNULL,
                pass_fds=(job_r, answer_w),
                close_fds=True,
            )
        except BaseException as err:
            for fd in (job_r, job_w, answer_r, answer_w):
                os.close(fd)
            if isinstance(err, OSError):  # no memory or processes left for it: told as a stopped parse
                raise _Died from err
            raise
        os.close(job_r)
        os.close(answer_w)
        worker = cls(process, job_w, answer_r, memory_mb)
        worker.send(pickle.dumps(list(sys.path)))
        return worker

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
        """Kill the worker (a parse past its time, or idle) and reap it; no zombie stays."""
        if self.alive():
            self.process.kill()
        self.process.wait()
        for fd in (self.jobs, self.answers):
            os.close(fd)


_lock = threading.Lock()  # one parse at a time, server-wide; guards _worker too
_worker: _Worker | None = None
_idle: threading.Timer | None = None


def _worker_for(memory_mb: int) -> _Worker:
    """The warm worker, or a new one (none yet, the last one dead, another memory limit). Lock held."""
    global _worker
    if _worker is not None and _worker.memory_mb == memory_mb and _worker.alive():
        return _worker  # warm; a worker that died while idle (the OS needed its memory) is replaced here
    _discard()
    _worker = _Worker.start(memory_mb)
    return _worker


def _discard() -> None:
    """Stop the worker, if any, and forget it. Lock held."""
    global _worker
    worker, _worker = _worker, None
    if worker is not None:
        worker.stop()


def parse_in_worker(
    fn: Callable[..., R], data: bytes, *args: Any, memory_mb: int | None = None, timeout_s: float | None = None
) -> R:
    """fn(data, *args) in the worker; its result, or the exception it raised. Raises UploadStopped when
    the worker ran out of memory, died, or took longer than timeout_s (waiting for another upload counts).
    memory_mb and timeout_s default to MEMORY_MB and TIMEOUT_S as they are at the call."""
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    timeout_s = TIMEOUT_S if timeout_s is None else timeout_s
    job = pickle.dumps((fn, data, args), pickle.HIGHEST_PROTOCOL)  # fails here, in the caller, if it cannot
    with admission.heavy_work():
        deadline = time.monotonic() + timeout_s
        if not _lock.acquire(timeout=timeout_s):
            raise UploadStopped("busy", seconds=f"{timeout_s:.0f}")
        try:
            try:
                worker = _worker_for(memory_mb)
                worker.send(job)
                ok, answer = pickle.loads(worker.receive(deadline))
            except _Died:
                _discard()
                raise UploadStopped("stopped", mb=memory_mb) from None
            except TimeoutError:
                _discard()
                raise UploadStopped("timeout", seconds=f"{timeout_s:.0f}") from None
            if ok:
                return answer  # type: ignore[no-any-return]
            if isinstance(answer, MemoryError):
                raise UploadStopped("memory", mb=memory_mb) from None
            raise answer
        finally:
            _stop_when_idle()
            _lock.release()


def _stop_when_idle() -> None:
    """From now, stop the worker after IDLE_S unless another upload comes first. Lock held."""
    global _idle
    if _idle is not None:
        _idle.cancel()
    _idle = threading.Timer(IDLE_S, _stop_idle)
    _idle.daemon = True
    _idle.start()


def _stop_idle() -> None:
    if _lock.acquire(blocking=False):  # a parse running now re-arms the timer when it ends
        try:
            _discard()
        finally:
            _lock.release()


def shutdown() -> None:
    """Stop the worker (tests; the process's exit does it too)."""
    with _lock:
        _discard()


def worker_pid() -> int | None:
    """The warm worker's process id, if one is running (tests and the bench read its memory)."""
    with _lock:
        return _worker.process.pid if _worker is not None and _worker.alive() else None
