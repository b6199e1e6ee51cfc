"""The language is the session's, not a page's: it survives page changes and reruns."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def test_korean_survives_page_switch_and_rerun() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "ko"
    at.run()
    at.switch_page("pages/sources.py").run()
    assert at.title[0].value == "출처와 데이터"
    at.run()  # a rerun on the new page (any filter change) must not flip back to English
    assert at.title[0].value == "출처와 데이터"
    assert at.query_params["lang"] in ("ko", ["ko"])


def test_switching_back_to_english_clears_the_parameter() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "ko"
    at.switch_page("pages/sources.py").run()
    at.radio(key="lang_sources").set_value("en").run()
    assert at.title[0].value == "Sources and data"
    assert "lang" not in at.query_params
    at.switch_page("pages/overview.py").run()
    assert at.title[0].value == "Korea Security Atlas"


def test_a_link_from_another_page_sets_the_filters_it_carries() -> None:
    """The events page's own years must not override the years= of the link it opens."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/events.py").run()
    slider = at.slider(key="years")
    slider.set_value((slider.min + 1, slider.max)).run()
    at.query_params.clear()
    at.query_params["years"] = ["2025", "2025"]
    at.query_params["recipients"] = ["POL"]
    at.switch_page("pages/arms_exports.py").run()
    assert not at.exception
    assert at.slider(key="years").value == (2025, 2025)
    assert at.multiselect(key="recipients").value == ["POL"]
