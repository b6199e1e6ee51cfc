"""Every code list of the data contracts, once. Codes only: words live in the locale files."""

from __future__ import annotations

ARMS_CATEGORIES = ("aircraft", "air_defence", "armour", "artillery", "rocket_artillery", "naval", "other")
ARMS_STAGES = ("framework", "contract", "option", "mou", "co-development", "transfer")
VOTES = ("Y", "N", "A", "X")
OUTCOMES = ("adopted", "vetoed", "failed")
SEATS = ("permanent", "elected")
UNSC_TOPICS = ("ukraine", "dprk", "israel_gaza", "syria", "other")
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
# How one of our arms deals stands to SIPRI's register (data/arms_register_links.csv, atlas/arms/register.py).
REGISTER_LINKS: tuple[str, ...] = ("match", "part", "none", "ambiguous")
