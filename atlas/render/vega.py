"""Vega-Lite specs drawn as PNG and SVG by vl-convert, in a worker process (atlas.core.worker).

vl-convert draws in its own JavaScript engine and holds the GIL while it does: a slide picture stopped every
other session's script for 0.2-1 s, and once it had drawn a few pictures the engine kept about 120 MB in the
server for good. In a worker the pages go on while a deck is drawn, and the engine's memory goes when the
worker stops, IDLE_S after the last picture. The worker imports only this module and vl-convert.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from atlas.core.worker import Worker

TIMEOUT_S = 60.0  # a picture takes 0.1-1 s; a call waits for the pictures before it at most this long
IDLE_S = 120.0  # about 130 MB while warm (the engine and its fonts); a first picture costs about 1 s more
WORKER = Worker("pictures", memory_mb=None, timeout_s=TIMEOUT_S, idle_s=IDLE_S)


def _locale(lang: str) -> Any:
    """Month names in the reader's language on time axes (Any: vl-convert types it as a Literal)."""
    return "ko-KR" if lang == "ko" else None


def _font_dirs() -> tuple[str, ...]:
    from atlas.render import fonts

    font = fonts.find_cjk_font()
    return (str(font.directory),) if font is not None else ()


def png(spec: dict[str, Any], lang: str, scale: float = 1, ppi: float = 72) -> bytes:
    return WORKER.call(_png, json.dumps(spec), _locale(lang), scale, ppi, _font_dirs())


def svg(spec: dict[str, Any], lang: str) -> str:
    return WORKER.call(_svg, json.dumps(spec), _locale(lang), _font_dirs())


# ---------------------------------------------------------------- in the worker
@cache
def _registered(directory: str) -> bool:
    import vl_convert as vlc

    vlc.register_font_directory(directory)
    return True


def _ready(font_dirs: tuple[str, ...]) -> Any:
    import vl_convert as vlc

    for directory in font_dirs:  # the CJK face, whatever the language: a stray Hangul label is still drawn
        _registered(directory)
    return vlc


def _png(spec_json: str, locale: Any, scale: float, ppi: float, font_dirs: tuple[str, ...]) -> bytes:
    vlc = _ready(font_dirs)
    return bytes(vlc.vegalite_to_png(spec_json, scale=scale, ppi=ppi, time_format_locale=locale))  # a str: parsed once


def _svg(spec_json: str, locale: Any, font_dirs: tuple[str, ...]) -> str:
    return str(_ready(font_dirs).vegalite_to_svg(spec_json, time_format_locale=locale))
