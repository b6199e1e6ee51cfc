"""Sources and data: the catalogue, every file's download and the uploads (atlas/sources/view.py draws the page)."""

from atlas import ui
from atlas.sources import view
from atlas.sources.state import State

lang = ui.page_setup("sources")
view.render(State(), lang)
