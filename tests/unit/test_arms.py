"""Arms logic: filters, totals that never double count frameworks, what-if rows, upload checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas import arms
from atlas.arms import charts as arms_charts
from atlas.core import data
from atlas.core.data import ARMS_STAGES
from atlas.core.urlstate import Parsed
from atlas.i18n import country_name, plural, t

UPLOADS = Path(__file__).parent / "fixtures" / "uploads"
KNOWN = ["EST", "POL", "VNM", "PER"]
ALL_YEARS = (1990, 2035)


def deals_frame(rows: list[dict]) -> pd.DataFrame:
    """A small arms_exports-shaped frame (only the columns the logic reads)."""
    base = {
        "deal_id": None,
        "recipient_iso3": "POL",
        "system": "K2",
        "system_ko": "K2 전차",
        "category": "armour",
        "value_usd_m": None,
        "year_signed": 2022,
        "stage": "contract",
        "parent_deal_id": None,
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["value_usd_m"] = pd.array(df["value_usd_m"], dtype="Float64")
    df["year_signed"] = pd.array(df["year_signed"], dtype="Int64")
    for col in ("deal_id", "recipient_iso3", "system", "system_ko", "category", "stage", "parent_deal_id"):
        df[col] = df[col].astype("string")
    return df


@pytest.fixture
def family() -> pd.DataFrame:
    """A framework (3,000) with two contracts under it (1,000 + 1,500), and an unrelated deal."""
    return deals_frame(
        [
            {"deal_id": "FW", "stage": "framework", "value_usd_m": 3000.0},
            {"deal_id": "EC1", "parent_deal_id": "FW", "value_usd_m": 1000.0},
            {"deal_id": "EC2", "parent_deal_id": "FW", "value_usd_m": 1500.0, "year_signed": 2024},
            {"deal_id": "EST1", "recipient_iso3": "EST", "category": "artillery", "value_usd_m": 50.0},
        ]
    )


def all_stages(**kw) -> arms.Filters:
    return arms.Filters(ALL_YEARS, stages=ARMS_STAGES, **kw)


# ------------------------------------------------------------------ frameworks and totals
def test_default_filters_leave_frameworks_out(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, arms.Filters(ALL_YEARS))
    assert "FW" not in set(rows["deal_id"])
    assert arms.totals(rows).value_usd_m == 2550.0


def test_a_framework_with_its_contracts_listed_adds_nothing(family: pd.DataFrame) -> None:
    # One rule: the contracts carry the money, even when the framework's ceiling is larger.
    rows = arms.filter_deals(family, all_stages())
    counted = dict(zip(rows["deal_id"], rows["counted_usd_m"], strict=True))
    assert counted == {"FW": 0.0, "EC1": 1000.0, "EC2": 1500.0, "EST1": 50.0}
    assert arms.totals(rows).value_usd_m == 2550.0


def test_the_counted_column_decides_which_rows_their_contracts_carry(family: pd.DataFrame) -> None:
    family["counted"] = pd.array([False, True, True, True], dtype="boolean")
    rows = arms.filter_deals(family, all_stages())
    assert rows.set_index("deal_id").at["FW", "counted_usd_m"] == 0.0
    assert arms.totals(rows).value_usd_m == 2550.0
    # a row marked counted (a curated exception) adds its value even with contracts under it
    family["counted"] = pd.array([True, True, True, True], dtype="boolean")
    assert arms.totals(arms.filter_deals(family, all_stages())).value_usd_m == 5550.0
    # an empty cell (a what-if row, an older file) follows the framework rule
    family["counted"] = pd.array([None, True, True, True], dtype="boolean")
    assert arms.totals(arms.filter_deals(family, all_stages())).value_usd_m == 2550.0


def test_contracts_larger_than_their_framework_count_instead(family: pd.DataFrame) -> None:
    family.loc[family["deal_id"] == "EC2", "value_usd_m"] = 2500.0  # 1,000 + 2,500 > 3,000
    rows = arms.filter_deals(family, all_stages())
    assert arms.totals(rows).value_usd_m == 3550.0
    assert rows.set_index("deal_id").at["FW", "counted_usd_m"] == 0.0


def test_framework_without_value_adds_nothing_and_contracts_count(family: pd.DataFrame) -> None:
    family.loc[family["deal_id"] == "FW", "value_usd_m"] = pd.NA
    rows = arms.filter_deals(family, all_stages())
    assert arms.totals(rows).value_usd_m == 2550.0


def test_contract_whose_framework_is_filtered_out_counts_in_full(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, arms.Filters((2023, 2025), stages=ARMS_STAGES))
    assert list(rows["deal_id"]) == ["EC2"]
    assert arms.totals(rows).value_usd_m == 1500.0


def test_framework_only_selection_counts_the_framework(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, arms.Filters(ALL_YEARS, stages=("framework",)))
    assert arms.totals(rows).value_usd_m == 3000.0


def test_real_data_frameworks_never_double_count() -> None:
    deals = data.load_arms_exports()
    without = arms.totals(arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals))))
    with_fw = arms.totals(
        arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals), stages=arms.DEFAULT_STAGES + ("framework",)))
    )
    fw_values = deals.loc[deals["stage"] == "framework", "value_usd_m"].sum(skipna=True)
    assert fw_values >= 3000  # the FA-50 framework carries a value
    # every framework with a value has its contracts listed, so including frameworks adds nothing
    assert with_fw.value_usd_m == pytest.approx(without.value_usd_m)
    parents = set(deals["parent_deal_id"].dropna())
    enveloped = (deals["stage"] == "framework") & deals["deal_id"].isin(parents)
    assert with_fw.frameworks_with_contracts == int(enveloped.sum())


def test_deals_without_value_are_counted_and_reported(family: pd.DataFrame) -> None:
    family.loc[family["deal_id"] == "EST1", "value_usd_m"] = pd.NA
    tot = arms.totals(arms.filter_deals(family, arms.Filters(ALL_YEARS)))
    assert (tot.deals, tot.deals_without_value, tot.recipients) == (3, 1, 2)


def test_framework_with_its_contracts_in_the_selection_is_not_a_deal(family: pd.DataFrame) -> None:
    family.loc[family["deal_id"] == "FW", "value_usd_m"] = pd.NA
    tot = arms.totals(arms.filter_deals(family, all_stages()))
    assert (tot.deals, tot.deals_without_value, tot.frameworks_with_contracts) == (3, 0, 1)
    assert tot.value_usd_m == 2550.0


def test_framework_alone_in_the_selection_counts_as_a_deal(family: pd.DataFrame) -> None:
    family.loc[family["deal_id"] == "FW", "value_usd_m"] = pd.NA
    tot = arms.totals(arms.filter_deals(family, arms.Filters(ALL_YEARS, stages=("framework",))))
    assert (tot.deals, tot.deals_without_value, tot.frameworks_with_contracts) == (1, 1, 0)


def test_by_recipient_counts_deals_like_totals(family: pd.DataFrame) -> None:
    family.loc[family["deal_id"] == "FW", "value_usd_m"] = pd.NA
    pol = arms.by_recipient(arms.filter_deals(family, all_stages())).set_index("recipient_iso3").loc["POL"]
    assert (pol["deals"], pol["deals_without_value"]) == (2, 0)


def test_framework_caption_is_translated() -> None:
    for lang in ("en", "ko"):
        assert "3" in plural("arms.frameworks_with_contracts", 3, lang)
    assert plural("arms.frameworks_with_contracts", 1, "en").startswith("1 framework agreement is ")


# ------------------------------------------------------------------ filters and aggregation
def test_filters_by_recipient_category_and_years(family: pd.DataFrame) -> None:
    assert list(arms.filter_deals(family, arms.Filters(ALL_YEARS, recipients=("EST",)))["deal_id"]) == ["EST1"]
    assert list(arms.filter_deals(family, arms.Filters(ALL_YEARS, categories=("artillery",)))["deal_id"]) == ["EST1"]
    assert list(arms.filter_deals(family, arms.Filters((2024, 2024)))["deal_id"]) == ["EC2"]


def test_empty_stage_selection_leaves_nothing(family: pd.DataFrame) -> None:
    assert arms.filter_deals(family, arms.Filters(ALL_YEARS, stages=())).empty


def test_filter_does_not_modify_its_input(family: pd.DataFrame) -> None:
    before = family.copy()
    arms.filter_deals(family, all_stages())
    pd.testing.assert_frame_equal(family, before)


def test_by_recipient_sums_counted_values_and_lists_systems(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, all_stages())
    per = arms.by_recipient(rows).set_index("recipient_iso3")
    assert per.at["POL", "value_usd_m"] == 2500.0  # the two contracts; the framework adds nothing
    assert per.at["POL", "deals"] == 2  # the framework is an envelope around its two contracts
    assert per.at["POL", "systems"] == "K2"
    assert list(per.index) == ["POL", "EST"]  # sorted by value


def test_by_recipient_uses_korean_system_names() -> None:
    df = deals_frame([{"deal_id": "A", "value_usd_m": 1.0}, {"deal_id": "B", "system": "K9", "system_ko": None}])
    rows = arms.filter_deals(df, arms.Filters(ALL_YEARS))
    assert arms.by_recipient(rows, "ko").at[0, "systems"] == f"K2 전차; K9 {t('common.english_only', 'ko')}"


def test_by_year_counts_deals_per_year_and_stage(family: pd.DataFrame) -> None:
    per = arms.by_year(arms.filter_deals(family, all_stages()))
    got = {(int(r.year_signed), r.stage): int(r.deals) for r in per.itertuples()}
    assert got == {(2022, "contract"): 2, (2022, "framework"): 1, (2024, "contract"): 1}


# ------------------------------------------------------------------ what-if rows
def scenario(*rows: tuple[str, str, str, float, int]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(arms.HYPO_COLUMNS))
    return df.astype({"value_usd_m": "Float64", "year_signed": "Int64"})


def test_merged_rows_are_flagged_hypothetical_and_totalled_apart(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, arms.Filters(ALL_YEARS))
    merged = arms.merge_hypothetical(rows, scenario(("VNM", "K9", "artillery", 400.0, 2026)))
    assert list(merged["is_hypothetical"]) == [False, False, False, True]
    tot = arms.totals(merged)
    assert (tot.value_usd_m, tot.deals, tot.recipients) == (2550.0, 3, 2)  # real numbers unchanged
    assert (tot.hypothetical_usd_m, tot.hypothetical_deals) == (400.0, 1)
    assert tot.value_incl_hypothetical_usd_m == 2950.0


def test_merge_leaves_the_real_rows_untouched(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, arms.Filters(ALL_YEARS))
    before = rows.copy()
    arms.merge_hypothetical(rows, scenario(("VNM", "K9", "artillery", 400.0, 2026)))
    pd.testing.assert_frame_equal(rows, before)


def test_by_recipient_keeps_hypothetical_value_separate(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, arms.Filters(ALL_YEARS))
    merged = arms.merge_hypothetical(rows, scenario(("POL", "K9", "artillery", 400.0, 2026)))
    pol = arms.by_recipient(merged).set_index("recipient_iso3").loc["POL"]
    assert (pol["value_usd_m"], pol["hypothetical_usd_m"], pol["deals"], pol["hypothetical_deals"]) == (
        2500.0,
        400.0,
        2,
        1,
    )


def test_hypothetical_rows_follow_year_recipient_and_category_filters() -> None:
    s = scenario(("POL", "K2", "armour", 1.0, 2026), ("EST", "K9", "artillery", 2.0, 2020))
    f = arms.Filters((2025, 2030), recipients=("POL", "EST"), categories=("armour",))
    assert list(arms.filter_scenario(s, f)["recipient_iso3"]) == ["POL"]


def test_hypothetical_rows_are_contracts_and_follow_the_stage_filter() -> None:
    s = scenario(("POL", "K2", "armour", 1.0, 2026))
    assert arms.filter_scenario(s, arms.Filters(ALL_YEARS, stages=("framework", "mou"))).empty
    assert arms.filter_scenario(s, arms.Filters(ALL_YEARS, stages=())).empty
    assert len(arms.filter_scenario(s, arms.Filters(ALL_YEARS, stages=("contract",)))) == 1


def test_by_recipient_never_multiplies_a_hypothetical_value_into_real_ones(family: pd.DataFrame) -> None:
    import warnings

    rows = arms.filter_deals(family, arms.Filters(ALL_YEARS))
    merged = arms.merge_hypothetical(rows, scenario(("POL", "K9", "artillery", float("inf"), 2026)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inf * 0 = NaN raised "invalid value encountered in multiply"
        pol = arms.by_recipient(merged).set_index("recipient_iso3").loc["POL"]
    assert pol["value_usd_m"] == 2500.0


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 1e300, arms.MAX_VALUE_USD_M + 1, -1.0])
def test_clean_scenario_leaves_out_values_not_finite_or_too_large(bad: float) -> None:
    edited = pd.DataFrame(
        {
            "recipient_iso3": ["POL", "EST"],
            "system": ["K2", "K9"],
            "category": ["armour", "artillery"],
            "value_usd_m": [arms.MAX_VALUE_USD_M, bad],
            "year_signed": [2026, 2026],
        }
    )
    clean = arms.clean_scenario(edited, KNOWN)
    assert list(clean.rows["recipient_iso3"]) == ["POL"]
    assert clean.skipped == 1


@pytest.mark.parametrize("system", ["K2\nPanther", "K2\tPanther", "K2\u202ePanther", "K2\x00"])
def test_clean_scenario_leaves_out_text_with_control_characters(system: str) -> None:
    edited = pd.DataFrame(
        {
            "recipient_iso3": ["POL"],
            "system": [system],
            "category": ["armour"],
            "value_usd_m": [1.0],
            "year_signed": [2026],
        }
    )
    clean = arms.clean_scenario(edited, KNOWN)
    assert clean.rows.empty and clean.skipped == 1


def test_clean_scenario_keeps_complete_rows_and_counts_the_rest() -> None:
    edited = pd.DataFrame(
        {
            "recipient_iso3": ["pol", "EST", None, "XYZ"],
            "system": ["K2", None, None, "K9"],
            "category": ["armour", "artillery", None, "artillery"],
            "value_usd_m": [100.0, 5.0, None, 1.0],
            "year_signed": [2026, 2026, None, 2026],
        }
    )
    clean = arms.clean_scenario(edited, KNOWN)
    assert list(clean.rows["recipient_iso3"]) == ["POL"]
    assert clean.skipped == 2  # the all-empty row is not counted as a problem


# ------------------------------------------------------------------ uploads
def test_good_upload_is_parsed_and_normalised() -> None:
    result = arms.parse_upload((UPLOADS / "ok.csv").read_bytes(), KNOWN)
    assert result.ok and result.scenario is not None
    assert list(result.scenario["recipient_iso3"]) == ["POL", "VNM"]
    assert list(result.scenario["value_usd_m"]) == [1500.0, 300.5]
    assert str(result.scenario["year_signed"].dtype) == "Int64"


def test_downloaded_what_if_table_uploads_again() -> None:
    from atlas.core.export import to_safe_csv

    s = scenario(("POL", "K2 흑표", "armour", 1500.0, 2026), ("EST", "=1+1", "artillery", 2.5, 2025))
    result = arms.parse_upload(to_safe_csv(s), KNOWN)
    assert result.ok and result.scenario is not None, result.problem
    assert list(result.scenario["system"]) == ["K2 흑표", "'=1+1"]  # formula stays neutralised


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("too_large.csv", "The file is 202,855 bytes; the limit is 200,000 bytes."),
        (
            "not_utf8.csv",
            "The file is not UTF-8 text (unreadable byte at position 62). Save it as 'CSV UTF-8' and try again.",
        ),
        ("empty.csv", "The file is empty: it needs a header line and at least one deal."),
        ("header_only.csv", "The file is empty: it needs a header line and at least one deal."),
        ("not_csv.csv", "The file is not a readable CSV table."),
        (
            "wrong_columns.csv",
            "The columns are not the expected ones. Expected: recipient_iso3, system, category, value_usd_m, "
            "year_signed. Missing: recipient_iso3, year_signed. Not expected: `recipient`, `year`.",
        ),
        ("too_many_rows.csv", "The file has 501 rows; the limit is 500."),
        ("missing_value.csv", "Line 3: the column system is empty; every cell is needed."),
        ("not_number.csv", "Line 2, column value_usd_m: expected a number, found `lots`."),
        ("not_year.csv", "Line 2, column year_signed: expected a year as a whole number, found `2026.5`."),
        ("negative.csv", "Line 3, column value_usd_m: values cannot be negative, found -40."),
        ("year_range.csv", "Line 2: the year 2099 is outside 1990-2035."),
        (
            "unknown_category.csv",
            "Line 2: unknown category `tanks`. Use one of: aircraft, air_defence, armour, artillery, "
            "rocket_artillery, naval, other.",
        ),
        (
            "unknown_iso3.csv",
            "Line 3: `XYZ` is not a recipient code this app knows (use ISO 3166-1 alpha-3 codes, such as POL).",
        ),
        (
            "formula.csv",
            "Line 2, column system: text may not start with =, +, -, @ or similar, because a spreadsheet "
            "would run it as a formula.",
        ),
        ("too_long.csv", "Line 2, column system: the text is longer than 120 characters."),
        (
            "value_inf.csv",
            "Line 3, column value_usd_m: `inf` is not a usable value; use a number from 0 to 100,000 (US$ million).",
        ),
        (
            "value_huge.csv",
            "Line 2, column value_usd_m: `1e300` is not a usable value; use a number from 0 to 100,000 (US$ million).",
        ),
        (
            "control_chars.csv",
            "Line 3, column system: the cell contains the character U+000A CONTROL CHARACTER (a line break, tab, "
            "text-direction or invisible character); keep each cell to one line of plain text.",
        ),
        ("blank_lines.csv", "Line 5: the column system is empty; every cell is needed."),
    ],
)
def test_bad_upload_gets_one_clear_message(fixture: str, message: str) -> None:
    result = arms.parse_upload((UPLOADS / fixture).read_bytes(), KNOWN)
    assert not result.ok
    assert result.scenario is None and result.problem is not None
    assert result.problem.message("en") == message


def test_every_upload_message_exists_in_korean() -> None:
    from atlas.i18n import catalogue

    en = {k for k in catalogue("en") if k.startswith("arms.upload.")}
    ko = {k for k in catalogue("ko") if k.startswith("arms.upload.")}
    assert en == ko and len(en) == 18  # utf16 added


HEADER = "recipient_iso3,system,category,value_usd_m,year_signed\n"


@pytest.mark.parametrize("value", ["inf", "Infinity", "-inf", "1e300", "100000.1"])
def test_upload_refuses_values_that_are_not_finite_or_too_large(value: str) -> None:
    raw = f"{HEADER}POL,K2,armour,1500,2026\nEST,K9,artillery,{value},2026\n".encode()
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None and problem.code in ("value_range", "negative")
    if problem.code == "value_range":
        assert problem.message("en") == (
            f"Line 3, column value_usd_m: `{value}` is not a usable value; "
            "use a number from 0 to 100,000 (US$ million)."
        )


def test_upload_refuses_nan_as_not_a_number() -> None:
    problem = arms.parse_upload(f"{HEADER}POL,K2,armour,nan,2026\n".encode(), KNOWN).problem
    assert problem is not None and problem.code == "not_number"


def test_upload_accepts_the_largest_allowed_value() -> None:
    result = arms.parse_upload(f"{HEADER}POL,K2,armour,100000,2026\n".encode(), KNOWN)
    assert result.ok and result.scenario is not None
    assert list(result.scenario["value_usd_m"]) == [100000.0]


@pytest.mark.parametrize(
    "cell", ['"K2\nPanther"', '"K2\r\nPanther"', "K2\tPanther", "K2\u202ePanther", "K2\x07", "K2\u2028x"]
)
def test_upload_refuses_control_characters_in_text(cell: str) -> None:
    raw = f"{HEADER}POL,K2,armour,1,2026\nEST,{cell},artillery,2,2026\n".encode()
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None and problem.code == "control_chars"
    assert problem.message("en").startswith("Line 3, column system: the cell contains the character U+")
    assert problem.message("en").endswith("keep each cell to one line of plain text.")


@pytest.mark.parametrize("gap", ["\n", ",,,,\n", "\n\n", " \n"])
def test_upload_problem_names_the_line_of_the_original_file(gap: str) -> None:
    raw = f"{HEADER}POL,K2,armour,1,2026\n{gap}EST,,artillery,2,2026\n".encode()
    line = 3 + gap.count("\n")
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None
    assert problem.message("en") == (f"Line {line}: the column system is empty; every cell is needed.")


def test_upload_line_numbers_count_blank_lines_above_the_header() -> None:
    raw = f"\n\n{HEADER}POL,K2,armour,lots,2026\n".encode()
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None
    assert problem.message("en").startswith("Line 4, column value_usd_m:")


def test_upload_with_blank_lines_is_parsed() -> None:
    result = arms.parse_upload(f"{HEADER}\nPOL,K2,armour,1,2026\n\n,,,,\nEST,K9,artillery,2,2025\n\n".encode(), KNOWN)
    assert result.ok and result.scenario is not None
    assert list(result.scenario["recipient_iso3"]) == ["POL", "EST"]
    assert list(result.scenario.index) == [0, 1]


def test_user_text_in_a_message_cannot_break_out_of_its_code_span() -> None:
    raw = b"recipient_iso3,system,category,value_usd_m,year_signed\nPOL,K2,armour,`![x](http://e.x/i.png)`,2026\n"
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None
    message = problem.message("en")
    assert message.count("`") == 2


# ------------------------------------------------------------------ deals table
def test_deals_table_shows_labels_in_the_language_newest_first(family: pd.DataFrame) -> None:
    rows = arms.filter_deals(family, all_stages())
    table = arms.deals_table(rows, "ko")
    assert list(table.columns) == list(arms.DEALS_TABLE_COLUMNS)
    assert list(table["deal_id"]) == ["EC2", "EC1", "EST1", "FW"]  # 2024 first, then by id
    first = table.iloc[0]
    assert first["recipient"] == country_name("POL", "ko") != "POL"
    assert first["system"] == "K2 전차"
    assert first["category"] == t("arms.category.armour", "ko")
    assert first["stage"] == t("arms.stage.contract", "ko")
    assert table["value_usd_m"].dtype == float and table["year_signed"].dtype == float


def test_deals_table_keeps_the_counted_values(family: pd.DataFrame) -> None:
    table = arms.deals_table(arms.filter_deals(family, all_stages()), "en").set_index("deal_id")
    assert table.at["FW", "counted_usd_m"] == 0.0 and table.at["EC1", "counted_usd_m"] == 1000.0
    assert table.at["EC1", "recipient"] == country_name("POL", "en") != "POL"  # a name, not a code


# ------------------------------------------------------------------ charts
def test_value_chart_is_translated_and_stacked_by_category(family: pd.DataFrame) -> None:
    per = arms.by_recipient_category(arms.filter_deals(family, arms.Filters(ALL_YEARS)))
    spec = arms_charts.value_by_recipient_category(per, {"POL": "폴란드", "EST": "에스토니아"}, "ko").to_dict()
    assert spec["encoding"]["x"]["title"] == "금액 (백만 미국 달러)"
    assert spec["encoding"]["color"]["field"] == "category_label"
    assert spec["encoding"]["y"]["sort"] == ["폴란드", "에스토니아"]
    values = next(iter(spec["datasets"].values()))
    assert {v["category_label"] for v in values} == {"기갑", "포병"}


def test_year_chart_counts_deals(family: pd.DataFrame) -> None:
    per = arms.by_year(arms.filter_deals(family, all_stages()))
    spec = arms_charts.deals_by_year(per, "en").to_dict()
    assert spec["encoding"]["y"]["aggregate"] == "sum" and spec["encoding"]["y"]["field"] == "deals"
    assert spec["encoding"]["x"]["title"] == "Year signed"


def test_rank_chart_labels_periods_with_rank() -> None:
    rank = data.load_arms_exporter_rank()
    spec = arms_charts.exporter_share(rank, "en").to_dict()
    labels = [v["label"] for v in next(iter(spec["datasets"].values()))]
    period, place = rank["period"].iloc[-1], int(rank["rank"].iloc[-1])
    assert labels[-1] == f"{period[:4]}–{period[-2:]} #{place}"


# ------------------------------------------------------------------ the deal an event's link opens
def test_parse_deal_accepts_a_known_id(family: pd.DataFrame) -> None:
    deal = str(family["deal_id"].iloc[0])
    assert arms.parse_deal([deal], family) == Parsed(deal, False)
    assert arms.parse_deal([deal.lower()], family).value == deal  # codes are case-insensitive


@pytest.mark.parametrize("raw", [["NOPE-2099"], ["<script>alert(1)</script>"], ["a", "b"], ["Z" * 500]])
def test_parse_deal_drops_anything_else_with_a_flag(family: pd.DataFrame, raw: list[str]) -> None:
    assert arms.parse_deal(raw, family) == Parsed(None, True)


def test_parse_deal_without_a_value_is_quietly_none(family: pd.DataFrame) -> None:
    assert arms.parse_deal([], family) == Parsed(None, False)


def test_deal_record_gives_plain_values_and_none_for_unknown(family: pd.DataFrame) -> None:
    deal = str(family["deal_id"].iloc[0])
    rec = arms.deal_record(family, deal)
    assert rec is not None and rec["deal_id"] == deal
    assert all(v is None or not (isinstance(v, float) and v != v) for v in rec.values())  # no NaN / NA
    assert arms.deal_record(family, "NOPE") is None


def test_highlight_first_marks_and_moves_the_deal_keeping_the_rest_in_order() -> None:
    table = pd.DataFrame({"deal_id": ["A", "B", "C"], "v": [1, 2, 3]})
    out = arms.highlight_first(table, "B")
    assert list(out.columns) == ["highlight", "deal_id", "v"]
    assert out["deal_id"].tolist() == ["B", "A", "C"]
    assert out["highlight"].tolist() == ["▶", "", ""]
    same = arms.highlight_first(table, None)
    assert same["deal_id"].tolist() == ["A", "B", "C"] and set(same["highlight"]) == {""}


def test_year_chart_spans_the_selected_years_on_a_time_axis(family: pd.DataFrame) -> None:
    per = arms.by_year(arms.filter_deals(family, all_stages()))
    spec = arms_charts.deals_by_year(per, "en", years=(2017, 2025)).to_dict()
    x = spec["encoding"]["x"]
    assert x["type"] == "temporal" and x["timeUnit"] == "year"
    assert x["scale"]["domain"] == ["2017-01-01", "2026-01-01"]


def test_year_chart_with_markers_adds_a_rule_per_event_at_its_date(family: pd.DataFrame) -> None:
    per = arms.by_year(arms.filter_deals(family, all_stages()))
    events = data.load_events()
    marks = events[events["category"] == "arms_deal"]
    spec = arms_charts.deals_by_year(per, "en", years=(2017, 2025), markers=marks).to_dict()
    bars, rules = spec["layer"]
    assert rules["mark"]["type"] == "rule"
    assert rules["encoding"]["x"]["field"] == "year_start" and rules["encoding"]["x"]["type"] == "temporal"
    assert rules["encoding"]["x"]["title"] == bars["encoding"]["x"]["title"] == "Year signed"
    rows = spec["datasets"][rules["data"]["name"]]
    assert len(rows) == len(marks[marks["date"].dt.year.between(2017, 2025)])


# ------------------------------------------------------------------ clearer upload messages
def test_upload_names_a_zero_width_character() -> None:
    raw = f"{HEADER}POL\u200b,K2,armour,1,2026\n".encode()
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None and problem.code == "control_chars"
    assert "U+200B ZERO WIDTH SPACE" in problem.message("en")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_upload_tells_a_utf16_file_apart(encoding: str) -> None:
    raw = f"{HEADER}POL,K2,armour,1,2026\n".encode(encoding)
    problem = arms.parse_upload(raw, KNOWN).problem
    assert problem is not None and problem.code == "utf16"
    assert "UTF-16" in problem.message("en") and "UTF-16" in problem.message("ko")


def test_upload_message_for_a_huge_header_is_short() -> None:
    header = ",".join(f"col{i}" for i in range(5000))
    problem = arms.parse_upload(f"{header}\n1\n".encode(), KNOWN).problem
    assert problem is not None and problem.code == "wrong_columns"
    assert len(problem.message("en")) < 600
    assert "(+4,995)" in problem.message("en")


def test_upload_size_message_gives_exact_bytes() -> None:
    problem = arms.parse_upload(b"x" * 200_055, KNOWN).problem
    assert problem is not None
    assert problem.message("en") == "The file is 200,055 bytes; the limit is 200,000 bytes."
