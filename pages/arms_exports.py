"""Arms exports: where South Korean arms deals go (atlas/arms/view.py draws the page)."""

from atlas import ui
from atlas.arms import view

lang = ui.page_setup("arms_exports")
view.render(lang)
