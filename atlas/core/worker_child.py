"""The child of atlas.core.worker: reads calls from stdin, writes results to stdout, until stdin closes.

    python -B -m atlas.core.worker_child MEMORY_MB   (0: no address-space limit)

A frame is an 8-byte big-endian length and a pickle: (module, function name, args) in, (True, result) or
(False, exception) out. Anything the work prints goes to stderr: stdout carries only frames.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import struct
import sys
from typing import Any, BinaryIO

_HEADER = struct.Struct(">Q")


def _read(stream: BinaryIO, n: int) -> bytes | None:
    data = stream.read(n)
    return data if len(data) == n else None


def _answer(out: BinaryIO, ok: bool, value: Any) -> None:
    try:
        body = pickle.dumps((ok, value), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:  # noqa: BLE001  (an exception that cannot be pickled is still reported)
        body = pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value} ({err})")))
    out.write(_HEADER.pack(len(body)) + body)
    out.flush()


def main() -> None:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    calls = sys.stdin.buffer
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a print() in the work lands in stderr, not in a frame
    while (header := _read(calls, _HEADER.size)) is not None:
        body = _read(calls, _HEADER.unpack(header)[0])
        if body is None:
            return
        try:
            module, name, args = pickle.loads(body)
            fn: Any = importlib.import_module(module)
            for part in name.split("."):
                fn = getattr(fn, part)
            result = fn(*args)
        except BaseException as err:  # noqa: BLE001  (every failure goes back to the caller, raised there)
            del body
            _answer(out, False, err)
        else:
            _answer(out, True, result)


if __name__ == "__main__":
    main()
