"""A briefing as a PDF handout (fpdf2, Noto Sans CJK embedded as a subset).

A4 landscape pages: the cover (title, date, language, data currency), one page per view (the
slide's title, subtitle, chart and caption, then under the figure the speaker's note, the
article-level sources of the rows behind it and the view's link), and an appendix listing those
rows with their addresses. Every page is measured before it is drawn, so a page never spills a
line onto the next; titles are left-aligned and long addresses wrap inside the margins. fpdf2
reads Noto's PostScript-outline .ttc (reportlab cannot) and embeds only the glyphs used.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, WrapMode, XPos, YPos

from atlas import i18n
from atlas.briefing.figures import Handout
from atlas.briefing.rows import MAX_ROWS
from atlas.i18n import fmt_int, t
from atlas.render import fonts, picture
from atlas.render.deck import Draw, Shown, _default_draw, picture_size, shown_slides

FAMILY = "AtlasSans"
PRIMARY = (0x0B, 0x53, 0x94)
TEXT = (0x31, 0x33, 0x3F)
MUTED = (0x5F, 0x64, 0x70)
MARGIN = 14  # mm
MIN_PICTURE_MM = 95  # the chart keeps at least this height; the sources move to the appendix first


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

    def _set(self, size: float, bold: bool, color: tuple[int, int, int]) -> None:
        self.set_font(self.family, "B" if bold and not self.unicode else "", size)
        self.set_text_color(*color)

    def para(
        self,
        value: str,
        size: float,
        bold: bool = False,
        color: tuple[int, int, int] = TEXT,
        link: str = "",
        dry: bool = False,
    ) -> float:
        """Write a left-aligned paragraph (or, dry, only measure it); its height in mm."""
        self._set(size, bold, color)
        wrap = WrapMode.CHAR if value.startswith(("http://", "https://")) or link else WrapMode.WORD
        text = self.text(value)
        if dry:
            h = self.multi_cell(
                0, size * 0.5, text, align=Align.L, wrapmode=wrap, dry_run=True, output=MethodReturnValue.HEIGHT
            )
            return float(h) + size * 0.15  # type: ignore[arg-type]
        self.multi_cell(
            0, size * 0.5, text, link=link, align=Align.L, wrapmode=wrap, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(size * 0.15)
        return 0.0


def _cover(doc: _Doc, handout: Handout) -> bool:
    """The cover; True when the briefing's own link fitted on it."""
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
        if handout.currency_note:
            doc.para(handout.currency_note, 11)
    doc.ln(8)
    doc.para(t("briefing.generated_by", lang), 10, color=MUTED)
    return _own_link(doc, handout, on_cover=True)


def _own_link(doc: _Doc, handout: Handout, on_cover: bool) -> bool:
    """The link that reopens this briefing: on the cover when it fits there, else at the very end
    (a long link never spills alone onto a page of its own)."""
    if not handout.link:
        return True
    line = f"{t('briefing.reopen', handout.lang)} {handout.link}"
    fits = doc.get_y() + doc.para(line, 8, dry=True) <= doc.h - doc.b_margin
    if on_cover and not fits:
        return False
    if not fits:
        doc.add_page()
    doc.para(line, 8, color=MUTED, link=handout.link)
    return True


Line = tuple[str, float, bool, tuple[int, int, int], str]


def _under(shown: Shown, lang: str, with_sources: bool) -> list[Line]:
    """What goes under the figure: caption, warnings, the speaker's note, sources, the view's link. A figure
    continued over pages says which part each page holds; the rest is under its first part."""
    s, whole = shown.slide, shown.whole
    out: list[Line] = []
    if shown.parts > 1:
        out.append((s.caption, 11, False, TEXT, ""))
    if shown.part > 1:
        return out + ([(f"{t('briefing.link_label', lang)} {s.link}", 8, False, MUTED, s.link)] if s.link else [])
    if whole.caption:
        out.append((whole.caption, 11, False, TEXT, ""))
    fig = s.figure
    for note in fig.notes if fig is not None else ():
        out.append((note, 10, False, MUTED, ""))
    if s.note:
        out.append((f"{t('briefing.note_label', lang)} {s.note}", 10, False, TEXT, ""))
    if s.rows:
        if with_sources:
            out.append((t("briefing.slide_notes_sources", lang), 9, True, MUTED, ""))
            out += [(f"{r.label} — {r.url}", 8, False, MUTED, r.url) for r in s.top_rows]
            if s.more:
                out.append((t("briefing.more_in_appendix_pdf", lang, n=s.more), 8, False, MUTED, ""))
        else:
            out.append((t("briefing.sources_in_appendix", lang, n=fmt_int(len(s.rows))), 9, False, MUTED, ""))
    if s.link:
        out.append((f"{t('briefing.link_label', lang)} {s.link}", 8, False, MUTED, s.link))
    return out


def _figure_page(doc: _Doc, shown: Shown, draw: Draw) -> None:
    lang = doc.lang
    s = shown.slide
    doc.add_page()
    doc.para(s.title, 20, True, PRIMARY)
    if s.subtitle:
        doc.para(s.subtitle, 11, color=MUTED)
    fig = s.figure
    if fig is None:
        doc.para(s.problem, 12)
        return
    room = doc.h - doc.b_margin - doc.get_y() - 3
    under = _under(shown, lang, with_sources=True)
    need = sum(doc.para(*line, dry=True) for line in under)
    if fig.chart is not None and room - need < MIN_PICTURE_MM:
        under = _under(shown, lang, with_sources=False)
        need = sum(doc.para(*line, dry=True) for line in under)
    if fig.chart is not None:
        _picture(doc, draw(fig, *picture_size(s)), max(room - need, 40))
    for line in under:
        doc.para(*line)


def _picture(doc: _Doc, data: bytes, room_h: float) -> None:
    """The slide's picture (the same drawing, so one draw serves both files), scaled into the room."""
    room_w = doc.epw
    w, h = picture.png_size(data)
    scale = min(room_w / w, room_h / h)
    doc.image(io.BytesIO(data), x=doc.l_margin, w=w * scale, h=h * scale)
    doc.ln(2)


def _appendix(doc: _Doc, handout: Handout) -> None:
    lang = handout.lang
    started = False
    for s in handout.slides:
        if not s.rows:
            continue
        if not started:
            doc.add_page()
            doc.para(t("briefing.appendix", lang), 20, True, PRIMARY)
            started = True
        heading = t("briefing.appendix_title", lang, n=s.number, title=s.title)
        if doc.get_y() + doc.para(heading, 13, True, dry=True) + 12 > doc.h - doc.b_margin:
            doc.add_page()  # a heading never ends a page alone
        doc.ln(2)
        doc.para(heading, 13, True, PRIMARY)
        for r in s.rows[:MAX_ROWS]:
            head = " · ".join(x for x in (r.label, r.value, r.when) if x)
            if doc.get_y() + doc.para(head, 9, dry=True) + doc.para(r.url, 8, dry=True) > doc.h - doc.b_margin:
                doc.add_page()  # a row and its address stay together
            doc.para(head, 9)
            doc.para(r.url, 8, color=PRIMARY, link=r.url)
        if len(s.rows) > MAX_ROWS:
            doc.para(t("briefing.more_at_link", lang, n=fmt_int(len(s.rows) - MAX_ROWS)), 9, color=MUTED)


def build(handout: Handout, draw: Draw | None = None, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The handout as PDF bytes (MissingFont when Korean text has no CJK font to draw it)."""
    if handout.lang == "ko":
        fonts.require_for(t("common.app_name", "ko"))
    draw = draw or _default_draw
    doc = _Doc(handout.lang)
    doc.set_title(handout.title)
    doc.set_lang(handout.lang)
    doc.set_creator(t("common.app_name", handout.lang))
    link_on_cover = _cover(doc, handout)
    for i, s in enumerate(handout.slides):
        for shown in shown_slides(s):  # the pictures the deck draws: one drawing serves both files
            _figure_page(doc, shown, draw)
        if progress is not None:
            progress(i + 1, len(handout.slides))
    _appendix(doc, handout)
    if not link_on_cover:
        _own_link(doc, handout, on_cover=False)
    return bytes(doc.output())
