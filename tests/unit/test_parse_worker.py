"""Uploads are parsed in one worker process with a memory limit: what outgrows it, hangs or dies comes back
as a message, the server's own process keeps its memory, and a warm worker serves the next upload."""

from __future__ import annotations

import os
import pickle
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas.core import worker
from atlas.core.data import load
from atlas.i18n import t
from atlas.sources import sipri_milex
from atlas.ui import parse_worker
from atlas.ui.parse_worker import UploadStopped, parse_in_worker
from tests.support import parse_jobs
from tests.unit.fixtures.sipri import bombs

LIMIT_MB = 768  # the stand-in parse below needs twice the bomb's 600 MB


@pytest.fixture(autouse=True)
def _own_worker() -> Iterator[None]:
    parse_worker.shutdown()
    yield
    parse_worker.shutdown()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bombs.zip_bomb(600)  # 2.4 MB zipped, 600 MB unpacked


def _rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def test_a_warm_worker_is_reused() -> None:
    size, first = parse_in_worker(parse_jobs.size, b"abc")
    again = [parse_in_worker(parse_jobs.size, b"abcd")[1] for _ in range(3)]
    assert size == 3 and again == [first] * 3
    assert first != os.getpid() and parse_worker.worker_pid() == first


def test_the_worker_imports_neither_streamlit_nor_the_server_s_main_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Streamlit installs the running page script as __main__; a spawned child would run it again.
    script = tmp_path / "page.py"
    script.write_text("raise SystemExit(3)\n")
    page = types.ModuleType("__main__")
    page.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", page)
    # Were the script run, the worker would exit at its start: UploadStopped("stopped") instead of an answer.
    assert parse_in_worker(parse_jobs.loaded, b"", "streamlit", "atlas.ui") == []


def test_a_parse_that_outgrows_the_limit_is_the_memory_message(bomb: bytes) -> None:
    with pytest.raises(UploadStopped) as stopped:
        parse_in_worker(parse_jobs.inflate_every_part, bomb, memory_mb=LIMIT_MB)
    assert stopped.value.code == "memory"
    assert stopped.value.message("en") == t("common.upload_worker.memory", "en", mb=LIMIT_MB)
    assert f"{LIMIT_MB} MB" in stopped.value.message("ko")
    assert parse_in_worker(parse_jobs.size, b"next")[0] == 4  # the next upload is read as ever


def test_the_limit_is_what_stops_it(bomb: bytes) -> None:
    """Under a limit above what it needs, the same parse finishes: the message above is the limit's doing."""
    assert parse_in_worker(parse_jobs.inflate_every_part, bomb, memory_mb=4096, timeout_s=120) > 600_000_000


@pytest.mark.perf  # a memory bound: run with -m perf
def test_the_server_process_keeps_its_memory_while_a_bomb_is_parsed(bomb: bytes) -> None:
    parse_in_worker(parse_jobs.size, b"")  # the worker and the pool's threads exist before the reading
    before = _rss_mb()
    with pytest.raises(UploadStopped):
        parse_in_worker(parse_jobs.inflate_every_part, bomb, memory_mb=LIMIT_MB)
    assert _rss_mb() - before < 30


def test_a_parse_past_the_timeout_is_stopped_and_the_worker_replaced() -> None:
    parse_in_worker(parse_jobs.size, b"")
    hung = parse_worker.worker_pid()
    started = time.monotonic()
    with pytest.raises(UploadStopped) as stopped:
        parse_in_worker(parse_jobs.hang, b"x", timeout_s=1)
    assert stopped.value.code == "timeout" and time.monotonic() - started < 30
    assert not Path(f"/proc/{hung}").exists() or "zombie" in Path(f"/proc/{hung}/status").read_text()
    size, pid = parse_in_worker(parse_jobs.size, b"after")
    assert size == 5 and pid != hung


def test_a_worker_that_dies_is_the_stopped_message_and_is_replaced() -> None:
    with pytest.raises(UploadStopped) as stopped:
        parse_in_worker(parse_jobs.die, b"x")
    assert stopped.value.code == "stopped"
    assert parse_in_worker(parse_jobs.size, b"after")[0] == 5


def test_one_parse_at_a_time_the_next_is_told_to_try_again() -> None:
    first: list[BaseException] = []

    def hang() -> None:
        try:
            parse_in_worker(parse_jobs.hang, b"x", timeout_s=5)
        except UploadStopped as err:
            first.append(err)

    thread = threading.Thread(target=hang)
    thread.start()
    deadline = time.monotonic() + 10
    while not parse_worker.WORKER.lock.locked() and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(UploadStopped) as stopped:
        parse_in_worker(parse_jobs.size, b"y", timeout_s=0.5)
    thread.join()
    assert stopped.value.code == "busy"
    assert [getattr(e, "code", None) for e in first] == ["timeout"]


def test_a_workbook_refusal_comes_back_from_the_worker_with_its_code_and_values() -> None:
    with pytest.raises(sipri_milex.WorkbookError) as refused:
        shipped, countries = load("defense_spending"), load("countries")
        parse_in_worker(sipri_milex.compare, bombs.zip_bomb(100), "bomb.xlsx", shipped, countries)
    assert refused.value.code == "part_too_large"
    assert refused.value.values["size"] == "100.0"
    again = pickle.loads(pickle.dumps(refused.value))
    assert (again.code, again.values, str(again)) == (refused.value.code, refused.value.values, str(refused.value))


def test_an_idle_worker_is_stopped_and_the_next_upload_starts_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_worker.WORKER, "idle_s", 0.5)
    first = parse_in_worker(parse_jobs.size, b"")[1]
    deadline = time.monotonic() + 20
    while parse_worker.worker_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert parse_worker.worker_pid() is None
    assert parse_in_worker(parse_jobs.size, b"again")[1] != first


def test_a_worker_killed_while_idle_is_replaced_for_the_next_upload() -> None:
    first = parse_in_worker(parse_jobs.size, b"")[1]
    os.kill(first, 9)  # as the OS's out-of-memory killer would, between two uploads
    deadline = time.monotonic() + 10
    while parse_worker.worker_pid() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    size, pid = parse_in_worker(parse_jobs.size, b"next")
    assert size == 4 and pid != first


def test_a_result_that_cannot_travel_back_is_an_error_and_the_worker_goes_on() -> None:
    first = parse_in_worker(parse_jobs.size, b"")[1]
    with pytest.raises(RuntimeError, match="pickle"):
        parse_in_worker(parse_jobs.unpicklable, b"x")
    assert parse_in_worker(parse_jobs.size, b"ab") == (2, first)


def test_a_worker_that_cannot_start_is_the_stopped_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_process(*_: object, **__: object) -> None:
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(worker.subprocess, "Popen", no_process)
    with pytest.raises(UploadStopped) as stopped:
        parse_in_worker(parse_jobs.size, b"x")
    assert stopped.value.code == "stopped" and parse_worker.worker_pid() is None
    monkeypatch.undo()
    assert parse_in_worker(parse_jobs.size, b"after")[0] == 5
