"""Figures to pictures (PNG, SVG), briefings to decks (PPTX) and handouts (PDF), offline."""
