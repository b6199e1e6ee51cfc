"""Bound what one session's uploads may hold, and let a page release a file's bytes once parsed.

Streamlit's uploaded-file manager keeps every file PUT to /_stcore/upload_file/<session>/<id>
until the browser deletes it or the session shuts down; the per-file cap (server.maxUploadSize)
holds, but a client can send any number of files (200 x 1 MB from one session held 336 MB).
The Atlas's only upload is one small what-if table, so a session keeps at most
SESSION_UPLOAD_FILES files and 2 x server.maxUploadSize bytes: a new file pushes out the oldest.
"""

from __future__ import annotations

from typing import Any

from streamlit import config
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

SESSION_UPLOAD_FILES = 4


def session_upload_bytes() -> int:
    return 2 * int(config.get_option("server.maxUploadSize")) * 1024 * 1024


def bound_uploads_per_session() -> None:
    original = MemoryUploadedFileManager.add_file
    if getattr(original, "_atlas_bounded", False):
        return

    def add_file(self: MemoryUploadedFileManager, session_id: str, file: UploadedFileRec) -> None:
        original(self, session_id, file)
        with self._lock:  # the manager's own lock; its dicts keep insertion order: oldest first
            held = self.file_storage.get(session_id, {})
            budget = session_upload_bytes()
            while len(held) > 1 and (
                len(held) > SESSION_UPLOAD_FILES or sum(len(f.data) for f in held.values()) > budget
            ):
                oldest = next(iter(held))
                gone = held.pop(oldest)
                self._total_bytes -= len(gone.data)
                self._file_count -= 1

    add_file._atlas_bounded = True  # type: ignore[attr-defined]
    MemoryUploadedFileManager.add_file = add_file  # type: ignore[method-assign]


def read_once(uploaded: Any) -> bytes:
    """The bytes of an st.file_uploader file; the server's copy is emptied (name and id kept, so
    the widget still shows the file and the page sees the same file_id on the next rerun)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    data = bytes(uploaded.getvalue())
    ctx = get_script_run_ctx()
    manager = ctx.uploaded_file_mgr if ctx is not None else None
    if ctx is not None and isinstance(manager, MemoryUploadedFileManager):
        manager.add_file(
            ctx.session_id,
            UploadedFileRec(file_id=uploaded.file_id, name=uploaded.name, type=uploaded.type, data=b""),
        )
    return data
