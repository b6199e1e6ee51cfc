"""In Korean, a reader sees Korean: no English UI string on any page, in both nav modes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import i18n
from atlas.ui import PAGES

ROOT = Path(__file__).resolve().parents[2]
# Strings that read the same in both languages (proper names, symbols, units).
ALLOW = {"CSV", "FA-50", "K9", "K2", "NATO", "SIPRI"}


def _rendered_strings(at: AppTest) -> list[str]:
    """Every text a reader sees, one string per field: labels, bodies, options, chart titles.

    Comparing whole fields (not substrings) keeps curated data, such as an English source
    title inside an event summary, from being mistaken for an untranslated label.
    """
    out: list[str] = []

    def collect_json(obj) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k in ("title", "text", "label") and isinstance(v, str):
                    out.append(v)
                elif k == "title" and isinstance(v, list):
                    out.extend(str(x) for x in v)
                else:
                    collect_json(v)
        elif isinstance(obj, list):
            for v in obj:
                collect_json(v)

    def collect_proto(msg) -> None:
        for _field, value in msg.ListFields():
            values = (
                value if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") else [value]
            )
            for v in values:
                if isinstance(v, str):
                    if v.lstrip().startswith(("{", "[")):
                        try:
                            collect_json(json.loads(v))
                            continue
                        except ValueError:
                            pass
                    out.extend(part.strip(" *#:·") for part in v.splitlines())
                elif hasattr(v, "ListFields"):
                    collect_proto(v)

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            collect_proto(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [x for x in out if x]


def _leaks(strings: list[str], english: set[str]) -> list[str]:
    return sorted({e for e in english for s in strings if s == e or (s.startswith(e) and len(e) >= 12)})


def _english_strings() -> set[str]:
    en, ko = i18n.catalogue("en"), i18n.catalogue("ko")
    strings = set()
    for key, text in en.items():
        first = text.split("{")[0].strip(" *#:·")  # the fixed part before any placeholder
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
    leaked = _leaks(_rendered_strings(at), _english_strings())
    assert leaked == [], f"English UI text on {page} in Korean: {leaked[:10]}"


def test_the_check_would_catch_english() -> None:
    """Guard against a vacuous check: the English render does contain catalogue strings."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert _leaks(_rendered_strings(at), _english_strings())
