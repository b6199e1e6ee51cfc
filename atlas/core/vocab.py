"""Every code list of the data contracts, once. Codes only: words live in the locale files."""

from __future__ import annotations

ARMS_CATEGORIES = ("aircraft", "air_defence", "armour", "artillery", "rocket_artillery", "naval", "other")
ARMS_STAGES = ("framework", "contract", "option", "mou", "co-development", "transfer")
VOTES = ("Y", "N", "A", "X")
OUTCOMES = ("adopted", "vetoed", "failed")
SEATS = ("permanent", "elected")
UNSC_TOPICS = ("ukraine", "dprk", "israel_gaza", "syria", "other")
UNSC_REGIONS = ("africa", "americas", "asia", "europe", "middle_east", "thematic")
EVENT_CATEGORIES = (
    "un_vote",
    "arms_deal",
    "summit_diplomacy",
    "missile_nuclear",
    "military_exercise",
    "defence_budget",
    "trade_tariffs",
    "alliance_partnership",
)
TARGET_KINDS = ("guideline", "commitment", "ambition", "plan")
# How far a reader can trust a row's source (see data/README.md, "Source tiers").
SOURCE_TIERS = ("official", "wire_or_major", "secondary")
# How a deal's value at signing was obtained.
VALUE_BASES = ("reported", "converted", "estimate")
# What a yearly arms-export total in arms_orders_official.csv is: the government's latest tally of orders,
# an earlier government tally it revised, or Korea Eximbank's research institute's total.
ORDER_BASES = ("government", "government_earlier", "eximbank")
# Countries SIPRI's milex workbook lists but for which it publishes no estimate we draw, with the SIPRI
# footnote that says so (57: North Korea, "no figures are provided for current US$ ... spending as a
# share of GDP"; its workbook still holds four red US$ conversions of North Korea's own claims).
NO_SIPRI_ESTIMATE = {"PRK": 57}
# How one of our arms deals stands to SIPRI's register (data/arms_register_links.csv, atlas/arms/register.py).
REGISTER_LINKS: tuple[str, ...] = ("match", "part", "none", "ambiguous")
