"""The fonts pictures are drawn in, and the CJK font Korean needs, found on this machine.

vl-convert ships one Latin font only (Liberation Sans); Korean titles need Noto Sans CJK
(Debian's fonts-noto-cjk, listed in packages.txt for Community Cloud). Without it, Hangul would
be drawn as empty boxes, so a missing font is reported (`missing_font_message`) and Korean
exports refuse to render (`MissingFont`) instead of producing an unreadable picture.
The lookup is a fact about the machine, not about a user, so it is cached once.

Only a picture that writes Korean is drawn in the CJK face: measuring text in that large
collection is most of vl-convert's time (an English spending chart took 0.62 s in it, 0.26 s in
the bundled Latin face). A picture names a list of families, not one face, so that its SVG reads
well on a reader's machine that lacks ours; the PNG renderer takes the first family it has and
draws any glyph that family lacks (a Hangul name in an English chart) from another registered font.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "Noto Sans CJK KR"
LATIN_FALLBACK = "Liberation Sans"  # vl-convert's bundled font
# Families named in a picture, first choice first (CSS font-family lists, as SVG writes them).
LATIN_FAMILIES = (LATIN_FALLBACK, "Arial", "Helvetica", FAMILY, "sans-serif")
KOREAN_FAMILIES = (FAMILY, "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "sans-serif")
CANDIDATES = (  # where Debian/Ubuntu, Fedora and Arch put fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
_HANGUL_OR_CJK = re.compile(r"[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


class MissingFont(RuntimeError):
    """Korean text was to be drawn, but no CJK font is installed."""


@dataclass(frozen=True)
class CjkFont:
    regular: Path
    index: int  # the Korean face inside the .ttc collection (fpdf2 needs it)

    @property
    def directory(self) -> Path:
        return self.regular.parent


def needs_cjk(*texts: str) -> bool:
    return any(_HANGUL_OR_CJK.search(t or "") for t in texts)


def _from_fc_list() -> Path | None:
    if shutil.which("fc-list") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-list", f":family={FAMILY}:style=Regular", "file"], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    return Path(files[0]) if files else None


def korean_index(path: Path) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]

    for i, face in enumerate(TTCollection(str(path), lazy=True).fonts):
        if face["name"].getDebugName(1) == FAMILY:
            return i
    return 0


@cache
def find_cjk_font() -> CjkFont | None:
    """Noto Sans CJK on this machine (ATLAS_CJK_FONT overrides; "" or "none" means: act as if absent)."""
    override = os.environ.get("ATLAS_CJK_FONT")
    if override is not None:
        path = Path(override)
        if override.strip().lower() in ("", "none") or not path.is_file():
            return None
        found: Path | None = path
    else:
        found = next((Path(p) for p in CANDIDATES if Path(p).is_file()), None) or _from_fc_list()
    if found is None:
        return None
    return CjkFont(regular=found, index=korean_index(found))


def chart_font(lang: str = "en", *texts: str) -> str:
    """The font-family list to name in a chart's config: CJK first only for Korean text.

    (atlas.render.vega registers the CJK font with vl-convert whatever the language, so that a stray
    Hangul label in an English chart is still drawn.)
    """
    font = find_cjk_font()
    korean = font is not None and (lang == "ko" or needs_cjk(*texts))
    return ", ".join(KOREAN_FAMILIES if korean else LATIN_FAMILIES)


def require_for(*texts: str) -> None:
    """Raise MissingFont when any text needs CJK glyphs and no CJK font is installed."""
    if needs_cjk(*texts) and find_cjk_font() is None:
        raise MissingFont(
            "No CJK font found (install fonts-noto-cjk, or set ATLAS_CJK_FONT to NotoSansCJK-Regular.ttc)"
        )


def missing_font_message(lang: str) -> str | None:
    """A warning for the UI when this language's exports cannot be drawn, else None."""
    if lang != "ko" or find_cjk_font() is not None:
        return None
    from atlas.i18n import t

    return t("briefing.font_missing", lang)
