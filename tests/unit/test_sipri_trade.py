"""SIPRI's trade register export (South Korea as supplier): the layout and each failure mode's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.i18n import catalogue
from atlas.sources.sipri_trade import TradeRegisterError, read_register

REGISTER = Path(__file__).parent / "fixtures" / "sipri" / "trade_register.csv"
HEADER = (
    "Recipient,Supplier,Year of order,,Number ordered,,Weapon designation,Weapon description,Number delivered,,"
    "Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,SIPRI TIV of delivered weapons"
)


def _error(text: str | bytes) -> str:
    with pytest.raises(TradeRegisterError) as err:
        read_register(text.encode("utf-8") if isinstance(text, str) else text)
    return str(err.value)


def test_reads_orders_with_estimates_and_uncertainty_flags() -> None:
    result = read_register(REGISTER.read_bytes())
    frame = result.frame.set_index("designation")
    assert list(frame["recipient_iso3"]) == ["POL", "POL", "PHL"]
    assert frame.loc["K2", "number_ordered"] == 180 and frame.loc["K2", "number_delivered"] == 108  # "(108)"
    assert frame.loc["HDC-3100", "year_ordered"] == 2021 and frame.loc["HDC-3100", "year_ordered_estimated"]
    assert not frame.loc["K2", "year_ordered_estimated"]
    assert frame.loc["K2", "delivery_years"] == "2022; 2023; 2024; 2025"
    assert frame.loc["K2", "tiv_total_order"] == 864
    assert result.unknown == ("Unknown recipient(s)",)


def test_a_windows_encoded_export_is_read() -> None:
    text = REGISTER.read_text(encoding="utf-8").replace("K2PL version", "Côte K2")
    assert read_register(text.encode("cp1252")).frame.loc[0, "comments"] == "Côte K2; test row"


def test_not_text() -> None:
    assert _error(b"PK\x03\x04\0\0binary").startswith("This file is not a text (CSV) file.")


def test_no_header_line() -> None:
    assert _error("Title\nPoland,South Korea,2022\n") == (
        "Expected a header line starting 'Recipient,Supplier' (SIPRI's trade register) within the first 40 lines; "
        "none found."
    )


def test_missing_columns() -> None:
    assert _error("Title\nRecipient,Supplier,Year of order\nPoland,South Korea,2022\n").startswith(
        "Line 2: the trade register header lacks Number ordered, Weapon designation,"
    )


def test_another_supplier() -> None:
    text = f"{HEADER}\nIndia,Israel,2024,,10,,X-1,UAV,0,,,,,5,50,0\n"
    assert _error(text) == (
        "Line 2: the supplier is 'Israel'; expected South Korea only "
        "(export the register with South Korea as supplier)."
    )


def test_a_bad_year() -> None:
    text = f"{HEADER}\nPoland,South Korea,202x,,10,,K2,tank,0,,,,,5,50,0\n"
    assert (
        _error(text)
        == "Line 2, column 'Year of order': expected a number (in parentheses when SIPRI estimated it); found '202x'."
    )


def test_a_bad_number() -> None:
    text = f"{HEADER}\nPoland,South Korea,2022,,ten,,K2,tank,0,,,,,5,50,0\n"
    assert _error(text) == (
        "Line 2, column 'Number ordered': expected a number (in parentheses when SIPRI estimated it); found 'ten'."
    )


def test_header_only() -> None:
    assert _error(f"Title\n{HEADER}\n") == "The trade register has a header but no orders."


def test_every_message_speaks_korean() -> None:
    en = {k for k in catalogue("en") if k.startswith("sources.trade.")}
    assert en and en == {k for k in catalogue("ko") if k.startswith("sources.trade.")}
