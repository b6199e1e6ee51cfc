"""The maintainer scripts: a publisher's file in, our file rewritten, the diff printed (on a tmp copy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data
from tests.unit.fixtures.sipri import milex as fx
from tools import update_arms_from_sipri_trade as trade_tool
from tools import update_spending_from_sipri as milex_tool

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "tests" / "fixtures" / "data"
REGISTER = ROOT / "tests" / "unit" / "fixtures" / "sipri" / "trade_register.csv"
SMALL = ["--max-share", "1"]  # the fixture workbook names 21 countries, not SIPRI's 174
DELIVERIES = ROOT / "tests" / "unit" / "fixtures" / "sipri" / "deliveries.csv"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(FROZEN, copy)
    return copy


def _workbook(tmp_path: Path, content: bytes | None = None) -> Path:
    path = tmp_path / "SIPRI-Milex-data-1949-2025.xlsx"
    path.write_bytes(content if content is not None else fx.workbook())
    return path


def test_spending_tool_prints_the_diff_and_rewrites_only_what_changed(data_dir: Path, tmp_path: Path, capsys) -> None:
    before = (data_dir / "defense_spending.csv").read_text(encoding="utf-8").splitlines()
    assert milex_tool.main([str(_workbook(tmp_path)), "--data", str(data_dir), *SMALL]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].startswith("countries on our list the workbook does not name (not written): MNG, BRN, KHM")
    # 2025 for every shipped country: KOR and USA with figures, the others empty ('...' in the fixture)
    assert out[3] == "19 added, 2 changed, 0 removed"
    assert out[4:6] == ["+ KOR 2025", "+ CHN 2025"]
    assert out[23:25] == [
        "~ KOR 2024 share_gdp_pct: 2.56 -> 2.65",
        "~ JPN 2024 usd_current_m: 55273.9 -> 55300.0",
    ]
    assert "names matched to no country (not used): Atlantis" in out
    after = (data_dir / "defense_spending.csv").read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before) + 19
    assert len(set(before) - set(after)) == 2  # the two changed rows; every other line byte-identical
    rewritten = data.load("defense_spending", data_dir).set_index(["iso3", "year"])
    assert rewritten.loc[("KOR", 2025), "share_gdp_pct"] == pytest.approx(2.71)
    jpn = rewritten.loc[("JPN", 2025)]
    assert pd.isna(jpn["share_gdp_pct"]) and pd.isna(jpn["usd_current_m"])
    assert jpn["notes"].startswith("No SIPRI figure: SIPRI gives '...' (data unavailable) in both sheets")
    revised = rewritten.loc[("KOR", 2024), "notes"]
    assert "the file before this update gave 2.56 % of GDP and US$ 47571.3 m" in revised
    assert (FROZEN / "defense_spending.csv").read_text(encoding="utf-8").splitlines() == before  # the original


def test_spending_tool_dry_run_writes_nothing(data_dir: Path, tmp_path: Path, capsys) -> None:
    before = (data_dir / "defense_spending.csv").read_bytes()
    assert milex_tool.main([str(_workbook(tmp_path)), "--data", str(data_dir), "--dry-run", *SMALL]) == 0
    assert "19 added, 2 changed, 0 removed" in capsys.readouterr().out
    assert (data_dir / "defense_spending.csv").read_bytes() == before


def test_spending_tool_refuses_a_bad_workbook(data_dir: Path, tmp_path: Path, capsys) -> None:
    before = (data_dir / "defense_spending.csv").read_bytes()
    path = _workbook(tmp_path, fx.workbook(shares_as="percent"))
    assert milex_tool.main([str(path), "--data", str(data_dir), *SMALL]) == 2
    assert "holds percentages" in capsys.readouterr().err
    assert (data_dir / "defense_spending.csv").read_bytes() == before


def test_spending_tool_refuses_more_than_a_tenth_of_sipris_data_set(data_dir: Path, tmp_path: Path, capsys) -> None:
    before = (data_dir / "defense_spending.csv").read_bytes()
    assert milex_tool.main([str(_workbook(tmp_path)), "--data", str(data_dir)]) == 2  # 48 of the fixture's 21
    assert capsys.readouterr().err.endswith(
        "77.2% of the workbook's country-years asked for; SIPRI's terms allow under 10%\n"
    )
    assert (data_dir / "defense_spending.csv").read_bytes() == before


def test_spending_tool_rounds_half_up_from_sipris_own_figure() -> None:
    assert milex_tool.half_up(1.764997713805468, 2) == 1.76  # never 1.765 rounded again to 1.77
    assert milex_tool.half_up(2.345, 2) == 2.35 and milex_tool.half_up(13801.107, 1) == 13801.1


def test_spending_tool_words_sipris_notes() -> None:
    footnotes = {64: "Myanmar: The figures for Myanmar (Burma) are not presented in current US dollar terms."}
    assert milex_tool.footnote_words("§¶64", footnotes) == (
        "SIPRI footnote 64: The figures for Myanmar (Burma) are not presented in current US dollar terms.; "
        "SIPRI markers § adopted budget, not actual expenditure, ¶ excludes paramilitary forces"
    )


def test_trade_tool_writes_orders_and_deliveries_then_reports_changes(data_dir: Path, tmp_path: Path, capsys) -> None:
    out_file = tmp_path / "sipri_register_kor.csv"
    per_year = tmp_path / "sipri_deliveries_kor.csv"
    # The fixture's K2 order delivered 2022-2025 at TIV 4.8; SIPRI's per-delivery file has 2022-2023 at 4.75.
    orders = tmp_path / "orders.csv"
    orders.write_text(
        REGISTER.read_text(encoding="utf-8")
        .replace(
            "(108),,2022; 2023; 2024; 2025,,K2PL version; test row,4.8",
            "(108),,2022; 2023,,K2PL version; test row,4.75",
        )
        .replace("(150),?,2022; 2023; 2024; 2025", "(150),?,2022; 2023"),
        encoding="utf-8",
    )
    args = [str(orders), "--out", str(out_file), "--data", str(data_dir), "--deliveries", str(DELIVERIES),
            "--orders-from", "o/r@1:orders.csv", "--deliveries-from", "d/r@2:deliveries.csv"]  # fmt: skip
    assert trade_tool.main(args) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:9] == [
        "recipients matched to no country (not written): Unknown recipient(s)",
        "deliveries.csv (data generated 12 Feb 2026): 2 of 2 SIPRI deals tied to an order",
        "sipri_register_kor.csv:",
        "3 added, 0 changed, 0 removed",
        "+ PHL-2021-HDC-3100",
        "+ POL-2022-K2",
        "+ POL-2022-K9-THUNDER",
        f"wrote {out_file}",
        "sipri_deliveries_kor.csv:",
    ]
    written = data.read_text_table(out_file).set_index("register_key")
    assert written.loc["POL-2022-K2", "sipri_id"] == "63491"
    assert written.loc["POL-2022-K2", "compiled_from"] == "o/r@1:orders.csv; d/r@2:deliveries.csv"
    assert written.loc["POL-2022-K2", "source"] == (
        "SIPRI Arms Transfers Database (trade register; checked against data generated 12 Feb 2026)"
    )
    assert written.loc["PHL-2021-HDC-3100", "compiled_from"] == "o/r@1:orders.csv"  # not in the deliveries
    assert written.loc["POL-2022-K2", "tiv_per_unit"] == "4.75"  # as SIPRI writes it, not 4.750
    years = data.read_text_table(per_year)
    assert list(years["register_key"]) == ["POL-2022-K2", "POL-2022-K2", "POL-2022-K9-THUNDER", "POL-2022-K9-THUNDER"]
    assert set(years["source"]) == {"SIPRI Arms Transfers Database, data generated 12 Feb 2026"}

    text = out_file.read_text(encoding="utf-8").replace("False,180,False,K2,", "False,170,False,K2,")
    lines = [line for line in text.splitlines() if "HDC-3100" not in line]
    lines.append(lines[-1].replace("POL-2022-K9-THUNDER,65687", "KOR-2020-X,"))
    out_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert trade_tool.main(args) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[3:7] == [
        "1 added, 1 changed, 1 removed",
        "+ PHL-2021-HDC-3100",
        "~ POL-2022-K2 number_ordered: 170 -> 180",
        "- KOR-2020-X",
    ]
    assert printed[-2:] == ["sipri_deliveries_kor.csv:", "0 added, 0 changed, 0 removed"]  # unchanged: not rewritten
