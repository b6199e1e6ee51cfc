"""Printing: the print stylesheet is ours and asks for nothing; print-only tables hold every row, escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import streamlit as st

from atlas.arms import figures, model
from atlas.arms.state import State
from atlas.core.figure import Datasets
from atlas.i18n import t
from atlas.ui import printing
from tests.support.apptest import open_page, shown


def test_stylesheet_is_one_constant_style_block_that_asks_for_nothing_over_the_network() -> None:
    css = printing.STYLESHEET
    assert css.startswith("<style>") and css.endswith("</style>") and css.count("<style") == 1
    assert not re.search(r"@import|url\(|https?:|//[a-z]", css, re.I), "a stylesheet that fetches something"
    assert "<script" not in css.lower() and "{{" not in css and "}}" not in css  # f-string braces all resolved
    media = css.index("@media print")
    for hidden in ("stSidebar", "stHeader", "stToolbar", "stSlider", "stMultiSelect", "stButton",
                   "stDownloadButton", "stButtonGroup", "stDataFrame"):  # fmt: skip
        assert f'"{hidden}"' in css[media:], hidden
    screen = css[: css.index("@media print")]
    assert "@media screen" in screen and "st-key-atlas-print-" in screen  # print copies out of sight on screen


def test_print_frame_escapes_every_cell_and_header_so_st_table_shows_them_literally() -> None:
    frame = pd.DataFrame(
        {
            "a": ["[click](javascript:alert(1))", "<b>bold</b>", "*x* _y_ $1$ :smile:", None],
            "n": [1.0, 2.5, float("nan"), 3.0],
            "q": [12.0, float("nan"), 3.0, 4.0],
        }
    )
    config = {"a": "Name [link](x)", "n": st.column_config.NumberColumn("Value", format="%.1f"), "q": "Qty"}
    out = printing.print_frame(frame, config)
    assert list(out.columns) == [r"Name \[link\]\(x\)", "Value", "Qty"]
    cells = out.iloc[:, 0].tolist()
    assert cells[0] == r"\[click\]\(javascript\:alert\(1\)\)"
    assert cells[1] == r"\<b\>bold\</b\>"
    assert cells[2] == r"\*x\* \_y\_ \$1\$ \:smile\:"
    assert cells[3] == ""
    assert out["Value"].tolist() == ["1\\.0", "2\\.5", "", "3\\.0"]
    assert out["Qty"].tolist() == ["12", "", "3", "4"]
    assert [shown(c) for c in cells[:2]] == ["[click](javascript:alert(1))", "<b>bold</b>"]


def test_a_link_column_prints_its_whole_address_linked_only_when_it_is_a_web_address() -> None:
    frame = pd.DataFrame({"u": ["https://a.org/x_(y)?q=1&r=<2>", "javascript:alert(1)", "ftp://f", None]})
    out = printing.print_frame(frame, {"u": st.column_config.LinkColumn("Source", display_text="x")})
    cells = out["Source"].tolist()
    assert cells[0] == r"[https\://a\.org/x\_\(y\)?q\=1\&r\=\<2\>](<https://a.org/x_(y)?q=1&r=%3C2%3E>)"
    assert cells[1:] == [r"javascript\:alert\(1\)", r"ftp\://f", ""]  # never a link


def test_print_frame_keeps_every_row_and_the_chosen_columns_in_order() -> None:
    frame = pd.DataFrame({"x": range(500), "y": ["a"] * 500, "z": ["b"] * 500})
    out = printing.print_frame(frame, {}, columns=("z", "x", "missing"))
    assert list(out.columns) == ["z", "x"] and len(out) == 500 and out["x"].iloc[-1] == "499"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_print_note_names_the_link_and_the_briefing_pdf(lang: str) -> None:
    note = t("common.print_note", lang, url="URL")
    assert "URL" in note and "PDF" in note and t("nav.briefing", lang).split()[0] in note


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_arms_page_carries_a_print_copy_of_the_deals_register_with_every_deal_and_source(lang: str) -> None:
    at = open_page("arms_exports", lang=lang)
    deals = figures.compute(State(), Datasets(), lang).rows
    expected = model.highlight_first(model.deals_table(deals, lang), None)

    def targets(column: pd.Series) -> set[str]:  # the link targets of "[address](<address>)" cells
        return {m.group(1) for v in column if (m := re.fullmatch(r"\[.*\]\(<(.*)>\)", str(v)))}

    copies = [tb for tb in at.table if set(expected["source_url"].dropna()) <= targets(tb.value.iloc[:, -1])]
    assert len(copies) == 1, "no print copy of the deals register (every source on paper)"
    printed = copies[0].value
    assert len(printed) == len(expected)
    assert sorted(shown(v) for v in printed[printed.columns[1]]) == sorted(expected["deal_id"])  # deal ids
    assert printed.columns[-1] == t("arms.col_source", lang)
    note = [c.value for c in at.caption if "PDF" in c.value]
    assert note and "/arms" in shown(note[0])
