"""Every patch in atlas/ui/patches.py leaves Streamlit alone, and says so, when what it patches is not there."""

from __future__ import annotations

import logging

import pytest
import streamlit
from streamlit import net_util

from atlas.ui import patches


def test_the_installed_streamlit_is_the_version_the_patches_were_verified_on() -> None:
    assert streamlit.__version__.startswith(patches.VERIFIED_STREAMLIT)


def test_a_missing_attribute_is_named_in_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    class Owner:
        present = 1

    with caplog.at_level(logging.WARNING, logger=patches.__name__):
        assert patches._shaped("demo", Owner, "present")
        assert not patches._shaped("demo", Owner, "present", "gone")
    assert "demo not applied" in caplog.text and "gone" in caplog.text and patches.VERIFIED_STREAMLIT in caplog.text


def test_ip_lookups_are_left_alone_when_net_util_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    original = net_util.get_external_ip
    monkeypatch.delattr(net_util, "get_internal_ip")
    assert patches.forbid_ip_lookups() is False
    assert net_util.get_external_ip is original


@pytest.mark.parametrize(
    ("patch", "owner", "name"),
    [
        (patches.refuse_global_cache_clear, "streamlit.runtime.app_session.AppSession", "_handle_clear_cache_request"),
        (
            patches._bound_uploads,
            "streamlit.runtime.memory_uploaded_file_manager.MemoryUploadedFileManager",
            "add_file",
        ),
    ],
)
def test_a_patch_whose_target_is_gone_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, patch: object, owner: str, name: str
) -> None:
    import importlib

    module, cls_name = owner.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), cls_name)
    monkeypatch.delattr(cls, name)
    before = dict(vars(cls))
    assert patch() is False  # type: ignore[operator]
    assert dict(vars(cls)) == before
