"""Captions for a slide or a page: the screen's caption without what only a screen can do.

A screen caption points at things a slide does not have ("hover for the title", "the legend
(right)", "the what-if table below", "click"). A figure may carry its own `slide_caption`;
otherwise the sentences (and bracketed asides) that point at the screen are left out.
"""

from __future__ import annotations

import re

from atlas.core.figure import Figure

# Words that point at a screen, in English and Korean. "표" (table) only as a word of its own:
# 표결 (vote), 발표 and 대표 are not tables.
SCREEN = re.compile(
    r"\b(hover\w*|click\w*|tooltip\w*|below|right|table\w*|beside|scroll\w*|on screen)\b"
    r"|마우스|클릭|툴팁|도움말|오른쪽|왼쪽|아래|위의|화면|옆\s*목록|(?<![가-힣])표(?!결)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?。])\s+")
_ASIDE = re.compile(r"\s*\(([^()]*)\)")


def strip_screen_words(text: str) -> str:
    """text without the sentences and bracketed asides that point at a screen."""
    kept = []
    for sentence in _SENTENCE.split(text.strip()):
        sentence = _ASIDE.sub(lambda m: "" if SCREEN.search(m.group(1)) else m.group(0), sentence)
        if sentence.strip() and not SCREEN.search(sentence):
            kept.append(sentence.strip())
    return " ".join(kept)


def slide_caption(fig: Figure) -> str:
    if fig.slide_caption is not None:
        return fig.slide_caption
    return strip_screen_words(fig.caption)


def has_screen_words(text: str) -> bool:
    return bool(SCREEN.search(text))
