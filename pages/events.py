"""Events timeline: curated events with filters in the URL, the timeline, counts per category, the list."""

from atlas import ui
from atlas.events import view

lang = ui.page_setup("events")
view.render(lang)
