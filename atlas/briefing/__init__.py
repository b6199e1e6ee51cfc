"""Briefings: an ordered list of views (page + URL state, title, speaker's note), carried in the URL."""
