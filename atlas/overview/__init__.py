"""The Overview: briefing cards computed with the other pages own functions."""
