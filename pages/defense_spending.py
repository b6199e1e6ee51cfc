"""Defence spending: SIPRI series over time, a ranking for one year and the what-if for targets
(atlas/spending/view.py draws the page)."""

from atlas import ui
from atlas.spending import view

lang = ui.page_setup("defense_spending")
view.render(lang)
