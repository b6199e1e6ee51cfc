"""Sessions that have left give their memory back: the sweep atlas/ui/patches.py installs shuts
down every session whose resume window has ended (Streamlit's own store only forgets it, without
AppSession.shutdown(), so its uploaded files stayed in memory), and the window is set in config."""

from __future__ import annotations

import asyncio
import threading
import tomllib

import pytest
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo

from atlas.ui import PAGES, patches
from tests.support.browser import ROOT


@pytest.fixture(autouse=True, scope="module")
def _patched() -> None:
    """What app.py does on its first run (idempotent): these tests check the patches, so they must not
    depend on an earlier test in the same process having started the app."""
    patches.install([p.id for p in PAGES])


class _Session:
    def __init__(self, session_id: str) -> None:
        self.id = session_id
        self.shut_down = False

    def shutdown(self) -> None:
        self.shut_down = True


class _Manager:
    """The two attributes of WebsocketSessionManager the sweep reads."""

    def __init__(self, ttl: float) -> None:
        self._session_storage = MemorySessionStorage(ttl_seconds=ttl)  # type: ignore[arg-type]
        self._storage_lock = threading.Lock()


def test_expired_sessions_are_shut_down_and_live_ones_kept() -> None:
    expired, kept = _Session("gone"), _Session("kept")
    old, young = _Manager(ttl=0), _Manager(ttl=3600)
    old._session_storage.save(SessionInfo(client=None, session=expired))  # type: ignore[arg-type]
    young._session_storage.save(SessionInfo(client=None, session=kept))  # type: ignore[arg-type]

    async def sweep() -> None:
        patches._reap_expired_sessions(old)
        patches._reap_expired_sessions(young)

    # in a thread of its own: a Playwright session fixture may hold this thread's event loop
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, sweep()).result(timeout=60)
    assert expired.shut_down, "an expired session is shut down (its uploaded files released)"
    assert not kept.shut_down and young._session_storage.get("kept") is not None


def test_the_sweep_is_installed_on_streamlits_session_manager() -> None:
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert getattr(WebsocketSessionManager.disconnect_session, "_atlas_reaps", False)


def test_resume_window_is_under_the_minute_the_memory_goal_allows() -> None:
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]
    assert 0 < server["disconnectedSessionTTL"] < 60


def test_one_session_holds_a_bounded_number_of_uploaded_bytes() -> None:
    """200 files of 1 MB from one session: the manager keeps only the newest few (measured)."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    from atlas.ui import patches as uploads

    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    blob = b"x" * (1024 * 1024)
    for i in range(200):
        manager.add_file("attacker", UploadedFileRec(file_id=f"f{i}", name="a.csv", type="text/csv", data=blob))
    manager.add_file("reader", UploadedFileRec(file_id="mine", name="ok.csv", type="text/csv", data=b"a,b\n"))
    held = manager.file_storage["attacker"]
    assert sum(len(f.data) for f in held.values()) <= uploads.session_upload_bytes()
    assert len(held) <= uploads.SESSION_UPLOAD_FILES and "f199" in held, "the newest file is kept"
    assert manager._total_bytes == sum(len(f.data) for s in manager.file_storage.values() for f in s.values())
    assert [f.file_id for f in manager.get_files("reader", ["mine"])] == ["mine"], "other sessions untouched"


def test_arrow_buffers_come_from_the_allocator_that_trim_reaches() -> None:
    import pyarrow

    assert pyarrow.default_memory_pool().backend_name == "system"
