"""UN Security Council votes: vote matrix, agreement, vetoes, what-if recount, decisions."""

from atlas import ui
from atlas.votes import view

lang = ui.page_setup("unsc_votes")
view.render(lang)
