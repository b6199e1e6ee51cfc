"""A Figure as a picture: vl-convert renders the chart offline (no browser, no network).

Minimal first version (the chart alone, scale 2); the captioned layout with title, subtitle
and source footer is built on top of this by the briefing export work.
"""

from __future__ import annotations

import vl_convert as vlc

from atlas.core.charts import to_spec
from atlas.core.figure import Figure

SCALE = 2


def svg(fig: Figure) -> bytes:
    return vlc.vegalite_to_svg(to_spec(fig.chart)).encode("utf-8")


def png(fig: Figure) -> bytes:
    return vlc.vegalite_to_png(to_spec(fig.chart), scale=SCALE)
