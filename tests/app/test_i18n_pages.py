"""In Korean, a reader sees Korean: no English UI string on any page, in both nav modes."""

from __future__ import annotations

from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from atlas import i18n
from atlas.ui import PAGES

ROOT = Path(__file__).resolve().parents[2]
# Strings that read the same in both languages (proper names, symbols, units).
ALLOW = {"CSV", "FA-50", "K9", "K2", "NATO", "SIPRI"}


def _rendered_text(at: AppTest) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def _english_strings() -> set[str]:
    en, ko = i18n.catalogue("en"), i18n.catalogue("ko")
    strings = set()
    for key, text in en.items():
        first = text.split("{")[0].strip()  # the fixed part before any placeholder
        if len(first) >= 6 and first != ko.get(key, "").split("{")[0].strip() and first not in ALLOW:
            strings.add(first)
    return strings


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_korean_page_shows_no_english_ui_text(page: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    text = _rendered_text(at)
    leaked = sorted(s for s in _english_strings() if s in text)
    assert leaked == [], f"English UI text on {page} in Korean: {leaked[:10]}"


def test_the_check_would_catch_english() -> None:
    """Guard against a vacuous check: the English render does contain catalogue strings."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    text = _rendered_text(at)
    assert any(s in text for s in _english_strings())
