"""The settings a public link depends on are stated in .streamlit/config.toml, not left to defaults."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_viewers_see_no_traceback() -> None:
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_cross_site_protections_are_on() -> None:
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_no_call_home_and_no_ip_lookup_at_start() -> None:
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["browser"]["serverAddress"] == "localhost"


def test_uploads_are_capped() -> None:
    assert CONFIG["server"]["maxUploadSize"] <= 3


def test_the_config_says_what_a_browser_is_still_told() -> None:
    """The comment beside showErrorDetails must not promise more than Streamlit keeps back: every session's
    first message carries app.py's absolute path and the versions, and any client may ask for git info."""
    import inspect

    from streamlit.runtime.app_session import AppSession

    sent = inspect.getsource(AppSession._create_new_session_message)
    init = inspect.getsource(AppSession)
    text = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "main_script_path" in sent and "main_script_path" in text
    assert "streamlit_version" in init and "environment_info" in text
    assert '"load_git_info"' in init and "load_git_info" in text
    assert "no traceback or server paths" not in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "What Community Cloud cannot set" in readme
