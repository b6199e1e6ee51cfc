"""A briefing as a PDF handout (fpdf2, Noto Sans CJK embedded as a subset).

A4 landscape pages: the cover (title, date, language, data currency), one page per figure
(title, the captioned picture, the caption, then the speaker's note, the sources and the
view's link under the figure) and a closing page of sources. fpdf2 reads Noto's
PostScript-outline .ttc (reportlab cannot) and embeds only the glyphs used.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from atlas import i18n
from atlas.briefing.figures import Handout, Slide
from atlas.core.figure import Figure, Source
from atlas.i18n import t
from atlas.render import fonts, picture

Picture = Callable[[Figure], bytes]
FAMILY = "AtlasSans"
PRIMARY = (0x0B, 0x53, 0x94)
TEXT = (0x31, 0x33, 0x3F)
MUTED = (0x5F, 0x64, 0x70)
MARGIN = 14  # mm


class _Doc(FPDF):
    def __init__(self, lang: str) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.lang = lang
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN)
        font = fonts.find_cjk_font()
        if font is None:  # English only (Korean raised MissingFont before): a core font, Latin-1
            self.family, self.unicode = "helvetica", False
        else:
            # One face only: parsing and subsetting a second 19 MB collection for bold headings
            # costs more than a second per handout; headings differ by size and colour instead.
            self.add_font(FAMILY, "", str(font.regular), collection_font_number=font.index)
            self.family, self.unicode = FAMILY, True

    def text(self, value: str) -> str:  # type: ignore[override]
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def para(
        self, value: str, size: float, bold: bool = False, color: tuple[int, int, int] = TEXT, link: str = ""
    ) -> None:
        self.set_font(self.family, "B" if bold and not self.unicode else "", size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link)
        self.ln(size * 0.15)


def _source_line(s: Source) -> str:
    return f"{s.publisher} — {s.url}" if s.url else s.publisher


def _cover(doc: _Doc, handout: Handout) -> None:
    lang = handout.lang
    doc.add_page()
    doc.ln(20)
    doc.para(handout.title, 28, True, PRIMARY)
    doc.para(t("briefing.cover_date", lang, date=i18n.fmt_date(handout.made_on, lang)), 14)
    doc.para(t("briefing.cover_language", lang, language=i18n.LANGUAGES[lang]), 14)
    if handout.currency:
        doc.ln(4)
        doc.para(t("briefing.cover_currency", lang), 13, True)
        for dataset, current in handout.currency:
            doc.para(t("briefing.cover_currency_line", lang, dataset=dataset, date=current), 11)
    doc.ln(8)
    doc.para(t("briefing.generated_by", lang), 10, color=MUTED)


def _figure_page(doc: _Doc, s: Slide, draw: Picture, base_url: str | None) -> None:
    lang = doc.lang
    doc.add_page()
    fig = s.figure
    doc.para(fig.title if fig is not None else s.view_title, 18, True, PRIMARY)
    doc.para(t("briefing.from_view", lang, title=s.view_title), 10, color=MUTED)
    if fig is None:
        doc.para(s.problem, 12)
    else:
        if fig.chart is not None:  # a figure may be a table only: it keeps its text, without a picture
            _picture(doc, draw(fig))
        if fig.caption:
            doc.para(fig.caption, 10)
        for note in fig.notes:
            doc.para(note, 9, color=MUTED)
        if fig.sources:
            doc.para(
                t("briefing.slide_notes_sources", lang) + " " + " · ".join(_source_line(x) for x in fig.sources),
                8,
                color=MUTED,
            )
    if s.note:
        doc.para(f"{t('briefing.note_label', lang)} {s.note}", 9)
    link = picture.absolute_url(s.link, base_url)
    doc.para(
        f"{t('briefing.link_label', lang)} {link}",
        8,
        color=MUTED,
        link=link if link.startswith(("http://", "https://")) else "",
    )


def _picture(doc: _Doc, data: bytes) -> None:
    w, h = picture.png_size(data)
    room_w, room_h = doc.epw, doc.eph * 0.62
    scale = min(room_w / w, room_h / h)
    doc.image(io.BytesIO(data), x=doc.l_margin + (room_w - w * scale) / 2, w=w * scale, h=h * scale)
    doc.ln(2)


def _sources_page(doc: _Doc, handout: Handout) -> None:
    doc.add_page()
    doc.para(t("briefing.sources_title", handout.lang), 20, True, PRIMARY)
    for s in handout.sources:
        doc.para(_source_line(s), 10, link=s.url if s.url.startswith(("http://", "https://")) else "")


def build(handout: Handout, base_url: str | None = None, draw: Picture | None = None) -> bytes:
    """The handout as PDF bytes (MissingFont when Korean text has no CJK font to draw it)."""
    if handout.lang == "ko":
        fonts.require_for(t("common.app_name", "ko"))
    draw = draw or (lambda fig: picture.png(fig, base_url))
    doc = _Doc(handout.lang)
    doc.set_title(handout.title)
    doc.set_lang(handout.lang)
    doc.set_creator(t("common.app_name", handout.lang))
    _cover(doc, handout)
    for s in handout.slides:
        _figure_page(doc, s, draw, base_url)
    _sources_page(doc, handout)
    return bytes(doc.output())
