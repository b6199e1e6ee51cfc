"""Named what-if scenarios on the arms page in AppTest: save, load, delete, compare, the ``asc`` link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from atlas import arms
from atlas.core import data
from atlas.i18n import t
from tests.support.apptest import all_text as text
from tests.support.apptest import run, url

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/arms_exports.py"
ROW = {"recipient_iso3": "VNM", "system": "FA-50 (what if)", "category": "aircraft", "value_usd_m": 500.0}
TITLE_ONE = "Kept scenario beside the recorded deals"
TITLE_MANY = "Kept scenarios side by side, beside the recorded deals"


def open_page(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def year() -> int:
    return arms.year_bounds(data.load_arms_exports())[1]


def type_rows(at: AppTest, *rows: dict) -> AppTest:
    """Replace the editor's rows (a fresh editor: clear first when it holds any)."""
    version = at.session_state["arms_scenario_ver"]
    at.session_state[f"arms_whatif_{version}"] = {
        "edited_rows": {},
        "added_rows": [{**ROW, "year_signed": year(), **r} for r in rows],
        "deleted_rows": [],
    }
    return run(at)


def save(at: AppTest, name: str) -> AppTest:
    at.text_input(key="arms_asc_name").input(name)
    at.button(key="arms-asc-save").click()
    return run(at)


def kept(at: AppTest) -> list[str]:
    return [k.name for k in at.session_state["arms_named"]]


def subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


# ------------------------------------------------------------------ save
def test_save_keeps_the_table_under_its_name_in_the_session_and_the_link() -> None:
    at = type_rows(open_page(), {})
    save(at, "  Plan   A ")
    assert kept(at) == ["Plan A"]
    assert url(at, "asc") == [f"Plan A~v1~VNM~aircraft~500~{year()}~FA-50 (what if)"]  # the format's tag after the name
    assert [s.value for s in at.success] == [t("arms.asc_saved", "en")]
    assert at.text_input(key="arms_asc_name").value == ""  # ready for the next name
    assert TITLE_ONE in subheaders(at)
    assert any("1 · Plan A" in m.value for m in at.markdown)


def test_save_needs_rows_and_a_name() -> None:
    at = open_page()
    assert at.button(key="arms-asc-save").disabled  # an empty table cannot be kept
    assert any(c.value == t("arms.asc_need_rows", "en") for c in at.caption)
    type_rows(at, {})
    save(at, "")
    assert kept(at) == [] and [w.value for w in at.warning] == [t("common.name_problem.empty", "en")]
    assert "asc" not in at.query_params


def test_hostile_names_are_refused_with_their_reason_and_not_kept() -> None:
    at = type_rows(open_page(), {})
    for name, code in [("=HYPERLINK(1)", "formula"), ("Plan\u200bA", "control_chars"), ("A~B", "separator")]:
        save(at, name)
        assert kept(at) == [], name
        said = t(f"common.name_problem.{code}", "en", char="", separator="~")[:20]
        assert any(w.value.startswith(said) for w in at.warning)


def test_an_html_name_is_shown_as_text() -> None:
    at = type_rows(open_page(), {})
    save(at, "<b>bold</b>")
    assert kept(at) == ["<b>bold</b>"]
    assert not any(m.proto.allow_html for m in at.markdown)
    assert "<b>bold</b>" not in "".join(m.value for m in at.markdown)  # escaped in markdown: \<b\>


def test_a_fourth_name_is_refused_and_a_kept_name_is_replaced() -> None:
    at = type_rows(open_page(), {})
    for name in ("A", "B", "C"):
        save(at, name)
    save(at, "D")
    assert kept(at) == ["A", "B", "C"]
    assert [w.value for w in at.warning] == [t("arms.asc_full", "en")]
    assert any(c.value == "3 of 3 scenarios kept" for c in at.caption)
    type_rows(at, {"value_usd_m": 900.0})
    save(at, "B")
    assert kept(at) == ["A", "B", "C"]
    assert [s.value for s in at.success] == [t("arms.asc_replaced", "en")]
    assert url(at, "asc")[1] == f"B~v1~VNM~aircraft~900~{year()}~FA-50 (what if)"
    assert TITLE_MANY in subheaders(at)


def test_a_table_of_more_than_ten_deals_cannot_be_kept() -> None:
    at = type_rows(open_page(), *({"system": f"K9 #{i}"} for i in range(11)))
    save(at, "Big")
    assert kept(at) == []
    assert [w.value for w in at.warning] == [t("arms.asc_too_many_rows", "en", n=11, max=10)]


# ------------------------------------------------------------------ load and delete
def test_load_puts_a_kept_scenario_back_in_the_editor() -> None:
    at = type_rows(open_page(), {"recipient_iso3": "POL", "system": "K2", "category": "armour"})
    save(at, "Poland")
    type_rows(at, {})
    save(at, "Vietnam")
    assert url(at, "wi") == [f"v1~VNM~aircraft~500~{year()}~FA-50 (what if)"]  # the editor holds Vietnam
    at.button(key="arms-asc-load-0").click()
    run(at)
    assert list(at.session_state["arms_scenario"]["recipient_iso3"]) == ["POL"]
    assert url(at, "wi") == [f"v1~POL~armour~500~{year()}~K2"]
    assert [s.value for s in at.success] == [t("arms.asc_loaded", "en")]
    assert kept(at) == ["Poland", "Vietnam"]  # loading keeps it


def test_delete_removes_it_from_the_session_the_link_and_the_comparison() -> None:
    at = type_rows(open_page(), {})
    save(at, "A")
    save(at, "B")
    at.button(key="arms-asc-delete-0").click()
    run(at)
    assert kept(at) == ["B"]
    assert [v.split("~")[0] for v in url(at, "asc")] == ["B"]
    at.button(key="arms-asc-delete-0").click()
    run(at)
    assert kept(at) == [] and "asc" not in at.query_params
    assert TITLE_ONE not in subheaders(at) and TITLE_MANY not in subheaders(at)


# ------------------------------------------------------------------ compare, and the link
def test_a_link_with_asc_reopens_the_scenarios_and_their_comparison() -> None:
    values = ["Plan A~PHL~aircraft~500~2030~FA-50", "Plan A~EST~artillery~100~2030~K9", "Plan B~PHL~naval~250~2030~OPV"]
    at = open_page(asc=values, recipients=["PHL", "EST"])  # a link from before the format's tag
    assert kept(at) == ["Plan A", "Plan B"]
    assert url(at, "asc") == [v.replace("~", "~v1~", 1) for v in values]  # written back tagged
    assert not at.info  # nothing was refused
    assert at.slider(key="years").value[1] == 2030  # the span reaches the scenarios' deals
    assert TITLE_MANY in subheaders(at)
    table = next(d.value for d in at.dataframe if "Scenario" in d.value.columns)
    assert list(table["Hypothetical added (US$ m at signing)"]) == [600.0, 500.0, 100.0, 250.0, 250.0]
    assert at.session_state["arms_scenario"].empty  # the comparison does not need the editor


def test_a_malformed_asc_falls_back_with_the_notice_and_no_echo() -> None:
    bad = "<script>alert(1)</script>~XYZ~tanks~inf~1800~=1"
    at = open_page(asc=[bad, "Plan A~PHL~aircraft~500~2030~FA-50"])
    assert kept(at) == ["Plan A"]  # the readable scenario is kept
    notices = [i.value for i in at.info]
    assert any("asc" in n for n in notices), notices
    assert "<script>" not in text(at) and "XYZ" not in text(at)


def test_the_scenarios_survive_a_visit_to_another_page() -> None:
    at = type_rows(open_page(), {})
    save(at, "Plan A")
    at.query_params.clear()
    at.switch_page("pages/events.py").run()
    at.query_params.clear()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert kept(at) == ["Plan A"] and url(at, "asc")


def test_korean_page() -> None:
    at = open_page(lang="ko", asc=["계획~PHL~aircraft~500~2030~FA-50"])
    assert "이름 붙인 시나리오" in subheaders(at)
    assert "보관한 시나리오와 기록된 계약" in subheaders(at)
    assert at.button(key="arms-asc-load-0").label == "표로 불러오기"


# ------------------------------------------------------------------ the figures' cache key (capacity)
def test_figures_are_keyed_on_the_files_so_an_updated_file_is_a_new_entry(monkeypatch, tmp_path) -> None:  # noqa: ANN001
    """The key is each file's path, mtime and size (as the cached loads use), not a hash of five datasets."""
    import os
    import shutil

    from atlas.ui import figure_cache

    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    monkeypatch.setattr(data, "DATA_DIR", folder)
    before = figure_cache.versions("arms")
    files = {"arms_exports", "arms_orders_official", "events", "us_price_index", "arms_exporter_rank", "countries"}
    assert {Path(k[0]).name for k in before} >= {f"{f}.csv" for f in files} | {"catalog.toml", data.WORLD_FILE}
    assert figure_cache.versions("arms") == before  # nothing changed, the same entry
    path = folder / "arms_exports.csv"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert figure_cache.versions("arms") != before
