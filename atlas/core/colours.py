"""One colour per country, the same in every chart and view; South Korea always the highlight.

A country's colour is fixed by its code (not by its position in the current selection), so
China is the same colour whichever other countries are chosen.
"""

from __future__ import annotations

HIGHLIGHT = "#0b5394"  # the app's primary colour: South Korea
KOR = "KOR"
# Fixed colours for the countries the app shows most (colour-blind-safe Tableau-like set, no blue
# close to the highlight); every other code gets one from the rotation below by a stable hash.
FIXED = {
    "USA": "#e15759",
    "CHN": "#f28e2b",
    "JPN": "#59a14f",
    "RUS": "#9c755f",
    "GBR": "#b07aa1",
    "FRA": "#76b7b2",
    "DEU": "#edc948",
    "POL": "#ff9da7",
    "PRK": "#7f7f7f",
    "IND": "#8cd17d",
    "AUS": "#d37295",
    "TWN": "#a0cbe8",
}
ROTATION = ("#86bcb6", "#e19d9a", "#b6992d", "#499894", "#d4a6c8", "#fabfd2", "#79706e", "#bab0ac", "#f1ce63")


def colour(iso3: str) -> str:
    if iso3 == KOR:
        return HIGHLIGHT
    if iso3 in FIXED:
        return FIXED[iso3]
    return ROTATION[sum(ord(c) * (i + 1) for i, c in enumerate(iso3)) % len(ROTATION)]


def scale(codes: list[str]) -> tuple[list[str], list[str]]:
    """domain and range for an Altair colour scale over these country codes."""
    ordered = list(dict.fromkeys(codes))
    return ordered, [colour(c) for c in ordered]
