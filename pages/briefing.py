"""Briefing: the views collected with "Add to briefing", as a deck, a handout and a presentation."""

from atlas import ui
from atlas.briefing import view

lang = ui.page_setup("briefing")
view.render(lang)
