"""The one page registry: every page once, with its URL path, area package, icon and whether it has figures.

Plain data, so the exporter, the tests and app.py find pages without Streamlit. The sidebar's order is
this tuple's order; a page's area package holds its state (URL keys), figures and view.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    id: str  # also the URL path: /arms_exports
    area: str  # the package under atlas/ that draws it
    icon: str  # a Material icon name, as st.page_link takes it
    has_figures: bool  # whether a view of it can go into a briefing

    @property
    def path(self) -> str:
        return f"pages/{self.id}.py"


REGISTRY: tuple[Page, ...] = (
    Page("overview", "overview", ":material/dashboard:", True),
    Page("arms_exports", "arms", ":material/flight_takeoff:", True),
    Page("unsc_votes", "votes", ":material/how_to_vote:", True),
    Page("defense_spending", "spending", ":material/payments:", True),
    Page("events", "events", ":material/timeline:", True),
    Page("sources", "sources", ":material/menu_book:", False),
    Page("briefing", "briefing", ":material/slideshow:", False),
)

AREA_OF_PAGE: dict[str, str] = {p.id: p.area for p in REGISTRY}
FIGURE_PAGES: tuple[str, ...] = tuple(p.id for p in REGISTRY if p.has_figures)


def page(page_id: str) -> Page:
    """The registry entry of a page id (KeyError for an unknown id)."""
    for p in REGISTRY:
        if p.id == page_id:
            return p
    raise KeyError(page_id)
