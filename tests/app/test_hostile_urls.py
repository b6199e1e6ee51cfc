"""Hostile URL parameters: every page renders with safe defaults, a notice, and no echo."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.ui import PAGES
from tests.support.apptest import all_text

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('x')</script>"
HOSTILE = {
    "garbage": ["%%%garbage%%%"],
    "html": [SCRIPT],
    "markdown": ["[click](javascript:alert(1))"],
    "long": ["Z" * 5000],
    "repeated": ["a", "b", "c", "d"],
    "out_of_range": ["1800", "3000"],
}


def _open(page: str, params: dict[str, list[str]]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, values in params.items():
        at.query_params[key] = values
    at.switch_page(page).run()  # the first run is the page itself, as when a link is opened
    return at


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("spec", PAGES, ids=[p.id for p in PAGES])
def test_hostile_values_fall_back_with_notice(spec, case: str) -> None:
    keys = sorted(spec.url_keys)  # every key the page's view state reads (atlas.<area>.state.URL_KEYS)
    params = {key: HOSTILE[case] for key in keys}
    at = _open(spec.path, params)
    assert not at.exception, [e.message for e in at.exception]
    text = all_text(at)
    assert SCRIPT not in text and "javascript:alert" not in text
    assert "Z" * 300 not in text
    if keys:  # the notice names a key of the page itself (not lang, which is not in the link)
        named = " ".join(str(i.value) for i in at.info) + " ".join(str(e.value) for e in at.warning)
        assert any(key in named for key in keys), (keys, named)


# Keys whose value is free text (a search, a briefing's own encoded payload): garbage there is a
# valid search or a damaged briefing, not an unknown code, so they are checked by their own tests.
FREE_TEXT = {("events", "q"), ("briefing", "b")}
PAGE_KEYS = [(spec, key) for spec in PAGES for key in sorted(spec.url_keys) if (spec.id, key) not in FREE_TEXT]


@pytest.mark.parametrize(("spec", "key"), PAGE_KEYS, ids=[f"{s.id}-{k}" for s, k in PAGE_KEYS])
def test_each_key_names_itself_when_refused(spec, key: str) -> None:
    at = _open(spec.path, {key: ["%%%garbage%%%"]})
    assert not at.exception, [e.message for e in at.exception]
    named = " ".join(str(i.value) for i in at.info)
    assert key in named, (key, named)


def test_lang_is_named_when_refused() -> None:
    at = _open("pages/overview.py", {"lang": ["%%%garbage%%%"]})
    assert "lang" in " ".join(str(i.value) for i in at.info)


@pytest.mark.parametrize("spec", PAGES, ids=[p.id for p in PAGES])
def test_unknown_parameters_are_ignored_quietly(spec) -> None:
    at = _open(spec.path, {"utm_source": ["newsletter"], "x": [SCRIPT]})
    assert not at.exception
    assert SCRIPT not in all_text(at)
    assert not at.info  # nothing was asked of a known key, so no notice
