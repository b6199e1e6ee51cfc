"""Which area package draws which page: plain data, so the exporter needs no Streamlit to find a page's figures."""

from __future__ import annotations

AREA_OF_PAGE = {
    "overview": "overview",
    "arms_exports": "arms",
    "unsc_votes": "votes",
    "defense_spending": "spending",
    "events": "events",
    "sources": "sources",
    "briefing": "briefing",
}
