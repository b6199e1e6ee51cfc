"""Overview: South Korea's security environment in one screen (figures from atlas.overview.figures)."""

from atlas import ui
from atlas.overview import view

lang = ui.page_setup("overview")
view.render(lang)
