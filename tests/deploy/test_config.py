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
