"""SIPRI's register beside our list: the import rules, the linking rule, and the value cross-check.

The rule tests run on small synthetic rows; the data tests read data/ itself (not the frozen fixture).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from atlas.arms import register
from atlas.core import data
from atlas.sources.sipri_trade import (
    TradeRegisterError,
    match_deliveries,
    read_deliveries,
    read_register,
    register_keys,
)

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
FIXTURES = Path(__file__).parents[1] / "unit" / "fixtures" / "sipri"
EXPLAINED = REAL / "notes" / "arms_register_values.csv"


# ------------------------------------------------------------------ the import
def test_deliveries_export_is_read_for_korea_only_with_its_generation_date() -> None:
    d = read_deliveries((FIXTURES / "deliveries.csv").read_bytes())
    assert d.generated == "2026-02-12" and d.years == (1995, 2025)
    assert set(d.frame["recipient_iso3"]) == {"POL"} and len(d.frame) == 4  # other suppliers not kept
    k2 = d.frame[d.frame["sipri_id"] == 63491].set_index("year")
    assert k2.loc[2023, "tiv_delivered"] == 465.5 and k2.loc[2023, "number_delivered_estimated"]
    assert d.categories["towed gun"] == "Artillery"  # SIPRI's own category, read from every supplier's rows


def test_deliveries_without_their_header_are_refused() -> None:
    with pytest.raises(TradeRegisterError) as err:
        read_deliveries(b"Recipient,Supplier\nPoland,South Korea\n")
    assert str(err.value).startswith("Expected a header line starting 'SIPRI AT Database ID,Supplier'")


def test_the_whole_register_keeps_korea_only_when_asked() -> None:
    text = (FIXTURES / "trade_register.csv").read_text(encoding="utf-8")
    text += "India,Israel,2024,,10,,X-1,UAV,0,,,,,5,50,0\n"
    with pytest.raises(TradeRegisterError):
        read_register(text.encode())
    kept = read_register(text.encode(), other_suppliers="skip").frame
    assert "X-1" not in set(kept["designation"]) and len(kept) == 3


def test_deals_are_tied_to_orders_by_recipient_year_tiv_and_delivery_years() -> None:
    orders = read_register((FIXTURES / "trade_register.csv").read_bytes()).frame
    # the fixture's orders deliver 2022-2025; the deliveries stop at 2023: trim them to match
    orders["delivery_years"] = "2022; 2023"
    orders["tiv_per_unit"] = orders["tiv_per_unit"].where(orders["designation"] != "K2", 4.75)
    m = match_deliveries(orders, read_deliveries((FIXTURES / "deliveries.csv").read_bytes()))
    by_name = dict(zip(orders["designation"], m.sipri_id, strict=True))
    assert by_name["K2"] == 63491 and by_name["K9 Thunder"] == 65687 and pd.isna(by_name["HDC-3100"])
    assert m.disagreements == ()  # (108) delivered in both: 10 + 98


def test_two_orders_that_fit_one_deal_leave_it_untied() -> None:
    orders = read_register((FIXTURES / "trade_register.csv").read_bytes()).frame
    orders = pd.concat([orders, orders.iloc[[1]]], ignore_index=True)  # the K9 order twice
    orders["delivery_years"] = "2022; 2023"
    m = match_deliveries(orders, read_deliveries((FIXTURES / "deliveries.csv").read_bytes()))
    assert 65687 in m.unmatched and m.ambiguous and m.ambiguous[0].startswith("SIPRI deal 65687 (POL 2022")
    assert m.sipri_id.iloc[[1, 3]].isna().all()


def test_register_keys_are_readable_and_unique() -> None:
    orders = pd.DataFrame(
        {"recipient_iso3": ["POL", "POL", "PHL"], "year_ordered": [2022, 2022, 2021],
         "designation": ["K2 Black Panther", "K2 Black Panther", "HDC-3200"]}
    )  # fmt: skip
    assert list(register_keys(orders)) == [
        "POL-2022-K2-BLACK-PANTHER",
        "POL-2022-K2-BLACK-PANTHER-2",
        "PHL-2021-HDC-3200",
    ]


# ------------------------------------------------------------------ the linking rule
def _deal(deal_id: str, system: str, year: int, quantity: int | None, stage: str = "contract") -> dict:
    return {"deal_id": deal_id, "recipient_iso3": "POL", "system": system, "year_signed": year,
            "quantity": quantity, "stage": stage}  # fmt: skip


def _order(key: str, designation: str, year: int, number: int | None, description: str = "tank",
           comments: str = "", delivery_years: str | None = None) -> dict:  # fmt: skip
    return {"register_key": key, "recipient_iso3": "POL", "designation": designation, "description": description,
            "year_ordered": year, "number_ordered": number, "comments": comments,
            "delivery_years": delivery_years}  # fmt: skip


def _links(deals: list[dict], orders: list[dict]) -> dict[str, list[tuple[str | None, str]]]:
    out: dict[str, list[tuple[str | None, str]]] = {}
    for x in register.link_deals(pd.DataFrame(deals), pd.DataFrame(orders)):
        out.setdefault(x.deal_id, []).append((x.register_key, x.link))
    return out


def test_families_read_the_main_system_before_what_it_serves() -> None:
    assert register.deal_families("K9 chassis for Krab self-propelled howitzer") == ("k9_chassis",)
    assert register.deal_families("CGR-080 guided rockets for K239 Chunmoo (Homar-K)") == ("cgr080",)
    assert register.deal_families("K9 Vidar self-propelled howitzer (+8 K10)") == ("k9", "k10")
    assert register.order_family("K-9", "self-propelled gun chassis") == "k9_chassis"
    assert register.order_family("Delos", "tanker") is None


def test_selected_entries_go_to_frameworks_and_numbers_pick_the_order() -> None:
    selected = "selected 2022 but not yet ordered by end-2024"
    orders = [_order("A", "K2 Black Panther", 2022, 180), _order("B", "K2 Black Panther", 2022, 820, comments=selected)]
    got = _links([_deal("EC1", "K2 Black Panther tank", 2022, 180), _deal("FW", "K2 tank", 2022, 1000, "framework"),
                  _deal("MOU", "K2 tank", 2022, None, "mou")], orders)  # fmt: skip
    assert got == {"EC1": [("A", "match")], "FW": [("B", "part")], "MOU": [(None, "none")]}


def test_different_numbers_leave_a_deal_unlinked_as_ambiguous() -> None:
    got = _links([_deal("X", "K9 howitzer", 2018, 12)], [_order("A", "K-9 Thunder 155mm", 2018, 24)])
    assert got == {"X": [(None, "ambiguous")]}


def test_a_sam_system_and_its_missiles_are_one_package() -> None:
    orders = [_order("S", "Cheongung", 2024, 10, "SAM system"), _order("M", "Cheongung", 2024, 1000, "SAM")]
    got = _links([_deal("X", "Cheongung-II (KM-SAM Block II) air defence system", 2023, 10)], orders)
    assert sorted(got["X"]) == [("M", "part"), ("S", "part")]


def test_orders_part_of_the_same_stated_deal_join_the_package() -> None:
    orders = [_order("K9", "K-9 Thunder 155mm", 2022, 216, comments="KRW2 tr ($1.7 b) deal; K-9A1 version"),
              _order("K11", "K-11", 2022, 51, "armoured personnel carrier", comments="Part of KRW2 tr ($1.7 b) deal"),
              _order("OTHER", "K-11", 2022, 5, "armoured personnel carrier", comments="Part of $9 m deal")]  # fmt: skip
    got = _links([_deal("X", "K9A1EGY self-propelled howitzer", 2022, None)], orders)
    assert sorted(got["X"]) == [("K11", "part"), ("K9", "part")]


def test_a_transfer_is_the_order_delivered_in_its_year() -> None:
    orders = [_order("A", "Po Hang", 2016, 1, "corvette", delivery_years="2017"),
              _order("B", "Po Hang", 2017, 1, "corvette", delivery_years="2018")]  # fmt: skip
    got = _links([_deal("T17", "Pohang-class corvette", 2017, 1, "transfer"),
                  _deal("T18", "Pohang-class corvette", 2018, 1, "transfer")], orders)  # fmt: skip
    assert got == {"T17": [("A", "match")], "T18": [("B", "match")]}
    # agreed in 2015, delivered the next year: no order delivered in 2015, so the order of 2015 is it
    later = [_order("P", "Po Hang", 2015, 1, "corvette", delivery_years="2016")]
    assert _links([_deal("T15", "Pohang-class corvette", 2015, 1, "transfer")], later) == {"T15": [("P", "match")]}


def test_an_order_two_deals_want_goes_to_the_one_signed_in_its_year() -> None:
    orders = [_order("A", "K-9 Thunder 155mm", 2022, None)]
    got = _links([_deal("OPT1", "K9 howitzer", 2021, 10, "option"), _deal("OPT2", "K9 howitzer", 2022, 38, "option")],
                 orders)  # fmt: skip
    assert got == {"OPT1": [(None, "none")], "OPT2": [("A", "match")]}


def test_stated_values_read_sipri_comments() -> None:
    s = register.stated_values("KRW2 tr ($1.7 b) deal; K-9A1 version; KLTV-181 and AW-159")
    assert [(x.currency, x.low_m, x.high_m) for x in s] == [("KRW", 2_000_000.0, 2_000_000.0), ("USD", 1700.0, 1700.0)]
    assert [(x.low_m, x.high_m) for x in register.stated_values("INR44 b ($646-700 m) deal")][1] == (646.0, 700.0)
    assert register.stated_values("$60m deal; delivery planned by 2025")[0].low_m == 60.0
    assert register.stated_values("For use with K-239 Chunmoo MRL") == ()


# ------------------------------------------------------------------ the shipped files (data/)
def test_the_shipped_links_are_what_the_rule_gives_today() -> None:
    from tools import link_arms_register

    built = link_arms_register.build(data.load("arms_exports", REAL), data.load("sipri_register_kor", REAL))
    shipped = data.read_text_table(REAL / "arms_register_links.csv")
    assert built.fillna("").astype(str).values.tolist() == shipped.fillna("").astype(str).values.tolist(), (
        "data/arms_register_links.csv is out of date: run python tools/link_arms_register.py"
    )


def test_every_delivery_belongs_to_an_order_and_adds_up() -> None:
    reg = data.load("sipri_register_kor", REAL)
    dl = data.load("sipri_deliveries_kor", REAL)
    assert dl["register_key"].notna().all()
    per_order = dl.groupby("register_key")["tiv_delivered_m"].sum()
    tiv = reg.set_index("register_key")["tiv_delivered"]
    # every delivery of an order falls in 1995-2024 here: the export's TIV per year adds up to the order's total
    within = reg[reg["delivery_years"].fillna("").str.split("; ").map(lambda ys: all(y >= "1995" for y in ys if y))]
    for key in set(per_order.index) & set(within["register_key"]):
        assert per_order[key] == pytest.approx(float(tiv[key]), abs=0.01), key


def test_value_differences_from_sipri_comments_are_each_explained() -> None:
    deals = data.load("arms_exports", REAL)
    checks = register.value_checks(deals, data.load("sipri_register_kor", REAL), data.load("arms_register_links", REAL))
    differs = [c for c in checks if c.differs]
    for c in differs:
        print("differs by more than 10%:", c.line())
    with EXPLAINED.open(encoding="utf-8") as fh:
        explained = {(r["deal_id"], r["register_key"]) for r in csv.DictReader(fh)}
    found = {(c.deal_id, c.register_key) for c in differs}
    assert found - explained == set(), "explain these in data/notes/arms_register_values.csv"
    assert explained - found == set(), "these explanations no longer match a difference: remove or update them"
    assert len(checks) > 20  # the check reads most comments (it cannot pass by reading none)
