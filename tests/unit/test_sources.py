"""The Sources page's state, model and figures, built without Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.core.data import CatalogEntry, DataError, load_catalog
from atlas.core.figure import Datasets, Figure
from atlas.sources import figures as figs
from atlas.sources import model
from atlas.sources.state import PAGE, URL_KEYS, State


def test_state_owns_no_url_keys_and_round_trips() -> None:
    state, rejected = State.from_query({"years": ["1999"], "lang": ["ko"]}, None)
    assert (state, rejected) == (State(), ())
    assert state.to_query() == {}
    assert PAGE == "sources" and URL_KEYS == ()


def test_tier_counts_per_tier_and_ungraded() -> None:
    df = pd.DataFrame({"source_tier": ["official", "official", "wire_or_major", "secondary", None, " official "]})
    assert model.tier_counts(df) == {"official": 3, "wire_or_major": 1, "secondary": 1, "not_graded": 1}


def test_a_file_without_a_tier_column_counts_as_not_graded() -> None:
    df = pd.DataFrame({"iso3": ["KOR", "JPN"]})
    assert model.tier_counts(df) == {"official": 0, "wire_or_major": 0, "secondary": 0, "not_graded": 2}


def test_an_unknown_tier_value_is_not_graded() -> None:
    df = pd.DataFrame({"source_tier": ["official", "blog"]})
    assert model.tier_counts(df)["not_graded"] == 1


def _entry(dataset: str, file: str) -> CatalogEntry:
    text = {"en": "x", "ko": "엑스"}
    return CatalogEntry(dataset, file, text, text, text, "2026-11-23", None)


def test_tier_table_per_file_before_and_after_grading() -> None:
    entries = [_entry("a", "a.csv"), _entry("b", "b.csv")]
    frames = {
        "a": pd.DataFrame({"x": [1, 2, 3]}),  # before: no column at all
        "b": pd.DataFrame({"source_tier": ["official", pd.NA, "secondary"]}),  # after, one row left
    }
    table = figs.tier_table(entries, frames)
    assert table.to_dict("records") == [
        {"file": "data/a.csv", "official": 0, "wire_or_major": 0, "secondary": 0, "not_graded": 3, "total": 3},
        {"file": "data/b.csv", "official": 1, "wire_or_major": 0, "secondary": 1, "not_graded": 1, "total": 3},
    ]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_figures_build_without_streamlit(lang: str) -> None:
    out = figs.figures(State(), Datasets(), lang)
    assert [f.id for f in out] == ["sources.catalogue", "sources.tiers", "sources.register_only", "sources.ours_only"]
    assert all(isinstance(f, Figure) and f.lang == lang for f in out)
    catalogue, tiers = out[:2]
    present = [e for e in load_catalog() if e.dataset in Datasets()]
    assert len(catalogue.table) == len(present)
    assert len(tiers.table) == len(present)
    assert tiers.chart is not None
    tiers.chart.to_dict()  # a valid Vega-Lite spec
    assert catalogue.as_of is not None


def test_tier_figure_table_matches_the_files() -> None:
    bundle = Datasets()
    (_, tiers, *_) = figs.figures(State(), bundle, "en")
    row = tiers.table.set_index("File").loc["data/defense_spending.csv"]
    expected = model.tier_counts(bundle["defense_spending"])
    assert row["Official"] == expected["official"]
    assert row["Not graded"] == expected["not_graded"]
    assert row["All rows"] == len(bundle["defense_spending"])


def test_a_broken_file_is_left_out_with_its_message() -> None:
    def loader(name: str) -> pd.DataFrame:
        if name == "events":
            raise DataError("data/events.csv, row 1: expected a date")
        return Datasets()[name]

    frames, errors = figs.read_all(Datasets(loader=loader), load_catalog())
    assert "events" not in frames and errors == {"events": "data/events.csv, row 1: expected a date"}


def test_current_to_formats_dates_per_language() -> None:
    from atlas.i18n import fmt_current_to

    assert fmt_current_to("2026-11-23", "en") == "23 November 2026"
    assert fmt_current_to("2026-11-23", "ko") == "2026년 11월 23일"
    assert fmt_current_to("2024 (SIPRI release)", "en") == "2024 (SIPRI release)"


def test_an_uploaded_file_name_is_shown_safely() -> None:
    from atlas.sources.view import _safe_name, escape_markdown

    assert _safe_name("C:\\Users\\me\\SIPRI-Milex-data-1949-2025_v1.2.xlsx") == "SIPRI-Milex-data-1949-2025_v1.2.xlsx"
    assert _safe_name("[x](javascript:alert) <b>.xlsx") == "_x_(javascript_alert) _b_.xlsx"
    assert _safe_name("") == "upload.xlsx" and len(_safe_name("a" * 500)) == 80
    assert escape_markdown("__bold__ [x](y)") == "\\_\\_bold\\_\\_ \\[x\\]\\(y\\)"


def test_the_tier_caption_counts_rows_not_graded_yet() -> None:
    bundle = Datasets(overrides={"countries": pd.DataFrame({"iso3": ["KOR", "JPN"]})})  # no tier column
    (_, tiers, *_) = figs.figures(State(), bundle, "en")
    ungraded = int(tiers.table["Not graded"].sum())
    assert ungraded >= 2
    assert tiers.caption.startswith(f"Rows not graded yet: {ungraded}.")


def test_register_lists_split_both_sides_by_the_links_file() -> None:
    bundle = Datasets()
    only, ours = figs.register_figures(bundle, "en")
    links = bundle["arms_register_links"]
    linked_keys = set(links["register_key"].dropna())
    reg = bundle["sipri_register_kor"]
    assert set(only.table["Register key"]) == set(reg["register_key"]) - linked_keys
    linked_deals = set(links.loc[links["register_key"].notna(), "deal_id"])
    assert set(ours.table["Deal"]) == set(bundle["arms_exports"]["deal_id"]) - linked_deals
    assert ours.table["Why not linked"].notna().all()  # every deal left out says why
    assert only.sources[0].publisher == "SIPRI Arms Transfers Database, data generated 12 Feb 2026"
    assert only.as_of is not None and only.as_of.isoformat() == "2024-12-31"


def test_register_lists_are_left_out_when_the_links_file_is_missing() -> None:
    class NoLinks(Datasets):
        def __contains__(self, name: object) -> bool:
            return name != "arms_register_links" and super().__contains__(name)

    assert figs.register_figures(NoLinks(), "en") == []
