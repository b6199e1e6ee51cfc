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

The worker is an atlas.core.worker.Worker (a child interpreter over two pipes; why not multiprocessing:
see there): it imports only what the parse function's module imports, never this package, which
imports Streamlit.

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

from collections.abc import Callable
from typing import Any, TypeVar

from atlas.core.worker import Worker, WorkerStopped
from atlas.i18n import Refusal
from atlas.ui import admission

# The worker's address space: about 390 MB once pandas and openpyxl are imported (2-core Linux), the
# rest for the parse. A bounded upload needs far less (a 3 MB workbook: under 100 MB more).
MEMORY_MB = 1024
TIMEOUT_S = 30.0  # a full SIPRI workbook parses in about 1 s warm; the first upload starts the worker
# A warm worker holds about 150 MB: it is stopped after this long without an upload (the next one starts it).
IDLE_S = 120.0
WORKER = Worker("uploads", MEMORY_MB, TIMEOUT_S, IDLE_S)

R = TypeVar("R")


class UploadStopped(Refusal):
    """The parse was stopped: code is memory, stopped, timeout or busy."""

    prefix = "common.upload_worker"


def parse_in_worker(
    fn: Callable[..., R], data: bytes, *args: Any, memory_mb: int | None = None, timeout_s: float | None = None
) -> R:
    """fn(data, *args) in the worker; its result, or the exception it raised. Raises UploadStopped when
    the worker ran out of memory, died, or took longer than timeout_s (waiting for another upload counts).
    memory_mb and timeout_s default to MEMORY_MB and TIMEOUT_S as they are at the call."""
    memory_mb = MEMORY_MB if memory_mb is None else memory_mb
    timeout_s = TIMEOUT_S if timeout_s is None else timeout_s
    with admission.heavy_work():
        try:
            return WORKER.call(fn, data, *args, timeout_s=timeout_s, memory_mb=memory_mb)
        except WorkerStopped as stopped:
            if stopped.reason in ("busy", "timeout"):
                raise UploadStopped(stopped.reason, seconds=f"{timeout_s:.0f}") from None
            raise UploadStopped(stopped.reason, mb=memory_mb) from None


def shutdown() -> None:
    """Stop the worker (tests; the process's exit does it too)."""
    WORKER.shutdown()


def worker_pid() -> int | None:
    """The warm worker's process id, if one is running (tests and the bench read its memory)."""
    return WORKER.pid()
