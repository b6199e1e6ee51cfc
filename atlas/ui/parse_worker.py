"""Uploads are parsed in one worker process with a memory limit, never in the server's own process.

Every upload's bytes are bounded before and while they are parsed (the zip's declared sizes, rows,
cell lengths), but a parse still costs CPU and memory that the server's other sessions share: a
workbook a few hundred kB long can ask for seconds of CPU and hundreds of MB. In a worker it holds
no GIL the pages need, and a parse that outgrows MEMORY_MB or TIMEOUT_S is stopped there:

- MemoryError in the worker (its address space is capped with RLIMIT_AS by the pool's initializer),
- the worker killed (the OS, a crash in native code): the pool is rebuilt for the next upload,
- a parse past the timeout: the worker is killed and the pool rebuilt,

each come back as UploadStopped, whose message(lang) the page shows; the session keeps everything else.

One parse at a time in the whole server (one worker, one lock): an upload waits for the one before it
(at most the timeout), then is told to try again. While it waits or parses, the page's run counts as
heavy work (atlas.ui.admission), so readers' pages go on meanwhile.

The worker is started with 'spawn': a fresh interpreter, no copy of the server's threads or locks,
nothing written to disk. It imports only what the parse function's module imports (never this
package, which imports Streamlit): the initializer is resource.setrlimit itself. Started at the first
upload (about 0.1 s, then the parse module's imports: about 1 s for pandas and openpyxl), kept warm for
the next (a call then costs under 1 ms more than the parse), and stopped after IDLE_S without one.

The parse function must be a module-level function (the worker imports it by name) taking the bytes
and picklable arguments, and returning picklable data; the exceptions it raises come back as raised.
"""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import context, popen_spawn_posix, spawn
from typing import Any, TypeVar

from atlas.i18n import Refusal
from atlas.ui import admission

# The worker's address space: about 390 MB once pandas and openpyxl are imported (2-core Linux), the
# rest for the parse. A bounded upload needs far less (a 3 MB workbook: under 100 MB more).
MEMORY_MB = 1024
TIMEOUT_S = 30.0  # a full SIPRI workbook parses in about 1 s warm; the first upload starts the worker
# A warm worker holds about 115 MB: it is stopped after this long without an upload (the next one starts it).
IDLE_S = 600.0

R = TypeVar("R")

_lock = threading.Lock()  # one parse at a time, server-wide; guards _pool too
_pool: ProcessPoolExecutor | None = None
_pool_memory_mb = 0
_idle: threading.Timer | None = None


class _NoMainPopen(popen_spawn_posix.Popen):
    """Start the worker without the server's __main__. A spawned child first runs the parent's main
    module again (so that functions defined there can be found), and during a page's run Streamlit
    installs the page script as __main__: the worker would run the whole app. The parse functions live
    in atlas's modules, never in __main__, so the child is told of no main module at all."""

    _launching = threading.Lock()

    def _launch(self, process_obj: Any) -> None:
        real = spawn.get_preparation_data

        def without_main(name: str) -> dict[str, Any]:
            data = real(name)
            data.pop("init_main_from_path", None)
            data.pop("init_main_from_name", None)
            return data

        # The process object is pickled for the child as a plain SpawnProcess: as _Process it would make
        # the child import this module, so atlas.ui and Streamlit (2 s and 60 MB more per worker start).
        with self._launching:  # spawn has no parameter for it: swapped for this launch only
            spawn.get_preparation_data = without_main
            process_obj.__class__ = context.SpawnProcess
            try:
                super()._launch(process_obj)  # type: ignore[misc]  # typeshed leaves _launch out
            finally:
                process_obj.__class__ = _Process
                spawn.get_preparation_data = real


class _Process(context.SpawnProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _NoMainPopen:  # noqa: N802  (multiprocessing's name)
        return _NoMainPopen(process_obj)


class _Spawn(context.SpawnContext):
    Process = _Process


class UploadStopped(Refusal):
    """The parse was stopped: code is memory, stopped, timeout or busy."""

    prefix = "common.upload_worker"


def _pool_for(memory_mb: int) -> ProcessPoolExecutor:
    """The warm pool, or a new one (none yet, the last one broken, another memory limit). Lock held."""
    global _pool, _pool_memory_mb
    if _pool is not None and _pool_memory_mb == memory_mb and not getattr(_pool, "_broken", False):
        return _pool  # warm; a worker that died while idle (the OS needed its memory) is replaced here
    _discard()
    limit = memory_mb * 1024 * 1024
    _pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=_Spawn(),
        initializer=resource.setrlimit,
        initargs=(resource.RLIMIT_AS, (limit, limit)),
    )
    _pool_memory_mb = memory_mb
    return _pool


def _discard() -> None:
    """Kill the worker (a parse past its time, or a pool already broken) and drop the pool. Lock held."""
    global _pool
    pool, _pool = _pool, None
    if pool is None:
        return
    # concurrent.futures cannot stop a running call (terminate_workers() is Python 3.14's): kill the process.
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def parse_in_worker(
    fn: Callable[..., R], data: bytes, *args: Any, memory_mb: int | None = None, timeout_s: float | None = None
) -> R:
    """fn(data, *args) in the worker; its result, or the exception it raised. Raises UploadStopped when
    the worker ran out of memory, died, or took longer than timeout_s (waiting for another upload counts).
    memory_mb and timeout_s default to MEMORY_MB and TIMEOUT_S as they are at the call."""
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    timeout_s = TIMEOUT_S if timeout_s is None else timeout_s
    with admission.heavy_work():
        deadline = time.monotonic() + timeout_s
        if not _lock.acquire(timeout=timeout_s):
            raise UploadStopped("busy", seconds=f"{timeout_s:.0f}")
        try:
            pool = _pool_for(memory_mb)
            try:
                future = pool.submit(fn, data, *args)
                return future.result(timeout=max(deadline - time.monotonic(), 0.0))
            except MemoryError:
                raise UploadStopped("memory", mb=memory_mb) from None
            except BrokenProcessPool:
                _discard()
                raise UploadStopped("stopped", mb=memory_mb) from None
            except TimeoutError:
                _discard()
                raise UploadStopped("timeout", seconds=f"{timeout_s:.0f}") from None
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
        processes = getattr(_pool, "_processes", None) or {}
        return next(iter(processes), None)
