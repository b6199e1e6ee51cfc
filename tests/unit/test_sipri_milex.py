"""SIPRI's Military Expenditure workbook read into our rows: the layout, and every failure mode with its message."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.core import data
from atlas.i18n import catalogue
from atlas.sources import model
from atlas.sources.sipri_milex import WorkbookError, read_workbook
from tests.unit.fixtures.sipri import milex as fx

SCOPE = set(fx.SIPRI_NAMES)


def _read(content: bytes):
    return read_workbook(content, scope=SCOPE, last_year=2026)


def _error(content: bytes) -> str:
    with pytest.raises(WorkbookError) as err:
        _read(content)
    return str(err.value)


def test_reads_shares_as_percent_and_money_in_millions() -> None:
    frame = _read(fx.workbook()).frame.set_index(["iso3", "year"])
    assert frame.loc[("KOR", 2024), "share_gdp_pct"] == pytest.approx(2.65)  # 0.0265 in the file
    assert frame.loc[("KOR", 2025), "usd_current_m"] == pytest.approx(47600.0)
    assert frame.loc[("USA", 2025), "share_gdp_pct"] == pytest.approx(3.31)


def test_missing_markers_become_empty_never_zero() -> None:
    frame = _read(fx.workbook()).frame.set_index(["iso3", "year"])
    assert pd.isna(frame.loc[("PRK", 2010), "share_gdp_pct"])  # '...'
    assert pd.isna(frame.loc[("PRK", 1949), "usd_current_m"])  # 'xxx'
    assert pd.isna(frame.loc[("EST", 1990), "share_gdp_pct"])  # 'xxx': not independent
    assert not (frame[["share_gdp_pct", "usd_current_m"]] == 0).any().any()


def test_region_rows_and_footnotes_are_not_countries() -> None:
    result = _read(fx.workbook())
    assert result.unknown == ("Atlantis",)  # reported, not matched to a guess
    assert not {"Europe", "East Asia", "Western Europe"} & set(result.frame["iso3"])
    assert (result.first_year, result.last_year) == (1949, 2025)


def test_the_header_row_is_found_by_content_not_position() -> None:
    shifted = _read(fx.workbook(extra_title_rows=3)).frame
    pd.testing.assert_frame_equal(shifted, _read(fx.workbook()).frame)


def test_the_2020_sheet_name_current_usd_is_accepted() -> None:
    assert len(_read(fx.workbook(sheet_names=("Share of GDP", "Current USD"))).frame) > 0


def test_our_country_names_add_to_the_aliases() -> None:
    result = read_workbook(fx.workbook(), known_names={"Atlantis": "ATL"}, last_year=2026)
    assert result.unknown == () and "ATL" in set(result.frame["iso3"])


def test_not_an_xlsx() -> None:
    assert _error(b"iso3,year\nKOR,2024\n") == (
        "This file is not an Excel workbook. Expected SIPRI's Military Expenditure workbook (.xlsx, for example "
        "SIPRI-Milex-data-1949-2025.xlsx) from sipri.org/databases/milex."
    )


def test_a_zip_that_is_no_workbook() -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    assert _error(buf.getvalue()).startswith("This file is not an Excel workbook.")


def test_an_old_xls_file() -> None:
    assert _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100).startswith(
        "This is an old Excel 97-2003 file (.xls)."
    )


def test_wrong_sheet_names() -> None:
    assert _error(fx.workbook(sheet_names=("GDP share", "Current dollars"))) == (
        "Expected the sheets 'Share of GDP' and 'Current US$' of SIPRI's Military Expenditure workbook; this file "
        "has 'Front page', 'GDP share', 'Current dollars', 'Constant (2024) US$', 'Per capita', "
        "'Share of Govt. spending'."
    )


def test_no_header_row() -> None:
    assert _error(fx.workbook(header="Nation")) == (
        "Sheet 'Share of GDP': expected a header row with 'Country' in column A followed by years (1949, 1950 ...) "
        "within the first 30 rows; none found."
    )


def test_percentages_instead_of_fractions() -> None:
    message = _error(fx.workbook(shares_as="percent"))
    assert message.startswith("Sheet 'Share of GDP' holds percentages (median ")
    assert message.endswith(
        "SIPRI's workbook stores shares of GDP as fractions (0.028 = 2.8%). Expected the unedited SIPRI file."
    )


def test_an_unknown_missing_marker() -> None:
    assert _error(fx.workbook(edit=fx.set_cell("Share of GDP", "Korea, South", 2010, "n/a"))) == (
        "Sheet 'Share of GDP', cell BL20 (Korea, South, 2010): expected a number, '...' (not available) or 'xxx' "
        "(country did not exist); found 'n/a'."
    )


def test_a_zero_for_a_country_we_show() -> None:
    assert _error(fx.workbook(edit=fx.set_cell("Current US$", "Korea, South", 2010, 0))) == (
        "Sheet 'Current US$', cell BL19 (Korea, South, 2010): expected a number above 0 or '...' for a missing "
        "figure; found 0.0. This app never shows a missing figure as 0."
    )


def test_a_zero_outside_our_countries_does_not_block_the_file() -> None:
    content = fx.workbook(edit=fx.set_cell("Current US$", "Atlantis", 2010, 0))
    assert _read(content).unknown == ("Atlantis",)


def test_years_out_of_range() -> None:
    assert _error(fx.workbook(years=[*fx.YEARS, 2099])) == (
        "Sheet 'Share of GDP', row 6: expected years from 1949 to 2026 in the header row; found 2099."
    )


def test_a_share_over_100_percent() -> None:
    assert _error(fx.workbook(edit=fx.set_cell("Share of GDP", "Korea, South", 2010, 1.5))) == (
        "Sheet 'Share of GDP': KOR 2010 is 150% of GDP; expected at most 100%. Expected the unedited SIPRI file."
    )


def test_two_rows_for_one_country() -> None:
    def twice(book) -> None:
        book["Share of GDP"].append(["South Korea", None, 0.02])

    message = _error(fx.workbook(edit=twice))
    assert (
        message == "Sheet 'Share of GDP': 'South Korea' and 'Korea, South' both name KOR; expected one row per country."
    )


def test_every_message_speaks_korean() -> None:
    en = {k for k in catalogue("en") if k.startswith("sources.sipri.")}
    ko = {k for k in catalogue("ko") if k.startswith("sources.sipri.")}
    assert en and en == ko


def test_merge_takes_sipri_figures_for_our_countries_only() -> None:
    shipped = data.load("defense_spending")
    merged = model.merge_milex(shipped, _read(fx.workbook()).frame, "f.xlsx")
    diff = model.diff_frames(shipped, merged, ("iso3", "year"), model.SPENDING_VALUES)
    assert diff.added == (("KOR", 2025), ("USA", 2025))
    assert [(c.key, c.column, c.old, c.new) for c in diff.changed] == [
        (("KOR", 2024), "share_gdp_pct", pytest.approx(2.56), pytest.approx(2.65)),
        (("JPN", 2024), "usd_current_m", pytest.approx(55273.9), pytest.approx(55300.0)),
    ]
    assert diff.removed == ()
    assert set(merged["iso3"]) == set(shipped["iso3"])  # no PRK, no unknown names
    new = merged.set_index(["iso3", "year"]).loc[("KOR", 2025)]
    assert new["source_tier"] == "official" and "f.xlsx" in new["source"]
    unchanged = merged.set_index(["iso3", "year"]).loc[("KOR", 2010)]
    assert unchanged["source"] == shipped.set_index(["iso3", "year"]).loc[("KOR", 2010), "source"]


def test_merge_empties_a_cell_sipri_withdrew_and_never_writes_zero() -> None:
    shipped = data.load("defense_spending")
    content = fx.workbook(edit=fx.set_cell("Share of GDP", "Korea, South", 2010, "..."))
    merged = model.merge_milex(shipped, _read(content).frame, "f.xlsx").set_index(["iso3", "year"])
    assert pd.isna(merged.loc[("KOR", 2010), "share_gdp_pct"])
    assert "'...'" in merged.loc[("KOR", 2010), "notes"]
    assert not (merged[["share_gdp_pct", "usd_current_m"]] == 0).any().any()


def test_diff_lines_for_a_terminal() -> None:
    diff = model.Diff(("iso3", "year"), (("KOR", 2025),), (model.Change(("JPN", 2024), "x", 1.0, None),), ())
    assert diff.lines() == ["1 added, 1 changed, 0 removed", "+ KOR 2025", "~ JPN 2024 x: 1.0 -> (empty)"]


def test_compare_says_what_the_session_would_use() -> None:
    from atlas.sources.sipri_milex import compare

    shipped, countries = data.load("defense_spending"), data.load("countries")
    result = compare(fx.workbook(), "f.xlsx", shipped, countries)
    assert (result.first_year, result.last_year, result.older) == (1949, 2025, False)
    assert len(result.diff.added) == 2 and result.unknown == ("Atlantis",)
    changes = model.spending_changes(result.diff, result.frame)
    kor = changes[(changes["iso3"] == "KOR") & (changes["year"] == 2024)].iloc[0]
    assert (kor["measure"], kor["old"], kor["new"], kor["change"]) == ("share_gdp_pct", 2.56, 2.65, 0.09)
    assert set(changes[changes["year"] == 2025]["measure"]) == {"share_gdp_pct", "usd_current_m"}


def test_compare_flags_an_older_release() -> None:
    from atlas.sources.sipri_milex import compare

    shipped, countries = data.load("defense_spending"), data.load("countries")
    result = compare(fx.workbook(years=list(range(1949, 2024))), "old.xlsx", shipped, countries)
    assert result.older and result.last_year == 2023


def test_compare_refuses_a_workbook_without_our_countries() -> None:
    from atlas.sources.sipri_milex import compare

    shipped, countries = data.load("defense_spending"), data.load("countries")
    with pytest.raises(WorkbookError) as err:
        compare(fx.workbook(), "f.xlsx", shipped[shipped["iso3"] == "KOR"].assign(iso3="ZZZ"), countries)
    assert str(err.value) == (
        "The workbook names none of the countries this app shows (ZZZ); expected SIPRI's workbook with country rows "
        "such as 'Korea, South'."
    )


def test_aggregate_rows_with_figures_are_not_reported_as_unknown_countries() -> None:
    def totals(book) -> None:
        for name in ("Share of GDP", "Current US$"):
            book[name].append(["World total", None, *([0.02] * len(fx.YEARS))])
            book[name].append(["NATO", None, *([0.025] * len(fx.YEARS))])

    assert _read(fx.workbook(edit=totals)).unknown == ("Atlantis",)


def test_newer_releases_spellings_are_matched() -> None:
    def rename(book) -> None:
        for name in ("Share of GDP", "Current US$"):
            for row in book[name].iter_rows():
                if row[0].value == "Korea, South":
                    row[0].value = "South Korea"

    frame = read_workbook(fx.workbook(edit=rename), scope=SCOPE, last_year=2026).frame
    assert "KOR" in set(frame["iso3"])


# ---------------------------------------------------------------- files that unpack to far more than they weigh
from tests.unit.fixtures.sipri import bombs  # noqa: E402


def test_the_bomb_fixtures_base_is_a_workbook_we_read() -> None:
    """Each bomb below differs from this small file by its hostile part only, so each refusal is that part's."""
    frame = _read(bombs.small()).frame.set_index(["iso3", "year"])
    assert frame.loc[("KOR", 2025), "share_gdp_pct"] == pytest.approx(2.6)


def test_a_workbook_of_100000_rows_is_refused_at_the_row_limit() -> None:
    assert _error(bombs.many_rows(100_000)) == (
        "Sheet 'Share of GDP' has more than 1000 rows; SIPRI's workbook has about 200 a sheet. Reading stopped "
        "there: expected the unedited SIPRI file."
    )


def test_a_sheet_that_hides_its_size_is_refused_before_it_is_read() -> None:
    # openpyxl measures such a sheet by reading all of it when the file opens, before any row limit
    assert _error(bombs.no_dimension()) == (
        "The sheet part 'xl/worksheets/sheet1.xml' does not state its size before its rows, as Excel writes every "
        "sheet. It was not opened: expected the unedited SIPRI file."
    )


def test_one_huge_shared_string_is_refused_before_the_file_is_opened() -> None:
    assert _error(bombs.huge_string(2)) == (
        "The file's part 'xl/sharedStrings.xml' unpacks to 2.0 MB; at most 1.0 MB is accepted (SIPRI's whole "
        "workbook unpacks to about 4 MB). It was not opened."
    )


def test_an_overlong_cell_is_refused() -> None:
    assert _error(bombs.long_cell(100_000)) == (
        "Sheet 'Share of GDP', cell A3: a text of 100000 characters; at most 1000 is accepted (a country, a note, "
        "a year, a figure or a marker). Expected the unedited SIPRI file."
    )


def test_a_zip_bomb_is_refused_by_its_declared_size() -> None:
    content = bombs.zip_bomb(100)
    assert len(content) < 1_000_000
    assert _error(content) == (
        "The file's part 'xl/worksheets/sheet1.xml' unpacks to 100.0 MB; at most 4.0 MB is accepted (SIPRI's "
        "whole workbook unpacks to about 4 MB). It was not opened."
    )


def test_parts_that_together_unpack_too_far_are_refused() -> None:
    assert _error(bombs.many_parts(5, 3.9)) == (
        "The file unpacks to 19.5 MB; at most 16.0 MB is accepted (SIPRI's workbook unpacks to about 4 MB). "
        "It was not opened."
    )


def test_a_refused_file_is_never_opened(monkeypatch) -> None:
    """The declared sizes are checked before openpyxl sees the bytes."""
    import openpyxl

    opened: list[bool] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(True))
    for content in (bombs.zip_bomb(100), bombs.huge_string(2), bombs.no_dimension()):
        with pytest.raises(WorkbookError):
            _read(content)
    assert opened == []


def test_the_limits_leave_room_for_sipris_own_workbook() -> None:
    """SIPRI's April 2026 workbook: 31 parts, 4.0 MB unpacked, the largest sheet 0.66 MB, about 200 rows."""
    from atlas.sources import sipri_milex as m

    assert m.MAX_TOTAL_BYTES >= 3 * 4_029_689 and m.MAX_SHEET_BYTES >= 6 * 664_903
    assert m.MAX_OTHER_BYTES >= 10 * 57_141 and m.MAX_ROWS >= 5 * 200 and m.MAX_PARTS >= 6 * 31


def test_an_upload_brings_every_country_and_leaves_sipris_zeros_empty() -> None:
    """SIPRI writes 0 for countries without armed forces (Costa Rica, Iceland, Panama); we draw no 0."""
    from atlas.sources.sipri_milex import compare

    def more(book) -> None:
        for name, value in (("Share of GDP", 0.0125), ("Current US$", 6378.8)):
            book[name].append(["Philippines", None, *(value if y >= 2000 else "..." for y in fx.YEARS)])
            book[name].append(["Costa Rica", None, *(0 for _ in fx.YEARS)])

    shipped, countries = data.load("defense_spending"), data.load("countries")
    result = compare(fx.workbook(edit=more), "f.xlsx", shipped, countries)
    assert result.new_countries == ("PHL",) and result.zeros == ("Costa Rica",)
    frame = result.frame.set_index(["iso3", "year"])
    assert frame.loc[("PHL", 2025), "share_gdp_pct"] == pytest.approx(1.25)
    assert "CRI" not in set(result.frame["iso3"])  # no figure at all: no rows, never a 0
    assert not (result.frame[["share_gdp_pct", "usd_current_m"]] == 0).any().any()


def test_an_upload_leaves_out_north_korea_as_the_shipped_data_does() -> None:
    """SIPRI's workbook holds four red US$ figures for North Korea against its own footnote 57."""
    from atlas.sources.sipri_milex import compare

    def claims(book) -> None:
        for row in book["Current US$"].iter_rows():
            if row[0].value == "Korea, North":
                row[fx.YEARS.index(2015) + 2].value = 869.6

    shipped, countries = data.load("defense_spending"), data.load("countries")
    result = compare(fx.workbook(edit=claims), "f.xlsx", shipped, countries)
    assert result.withheld == ("PRK",) and "PRK" not in set(result.frame["iso3"])
