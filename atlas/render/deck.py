"""A briefing as a PowerPoint deck (python-pptx): cover, one slide per figure, closing sources.

Each figure slide carries the figure's title, its captioned picture (atlas.render.picture,
the same PNG the page's download gives) and its caption; the slide notes hold the
speaker's note, the figure's notes, its sources with their addresses and the view's link.
Korean decks are entirely Korean; their text names an East Asian font so PowerPoint picks a
Hangul face (Malgun Gothic on Windows) rather than boxes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.text.text import _Run
from pptx.util import Emu, Inches, Pt

from atlas import i18n
from atlas.briefing.figures import Handout, Slide
from atlas.core.figure import Figure, Source
from atlas.i18n import t
from atlas.render import fonts, picture

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
PRIMARY = RGBColor(0x0B, 0x53, 0x94)
TEXT = RGBColor(0x31, 0x33, 0x3F)
MUTED = RGBColor(0x5F, 0x64, 0x70)
EAST_ASIAN_FONT = "Malgun Gothic"
BLANK_LAYOUT = 6
Picture = Callable[[Figure], bytes]


def _style(run: _Run, lang: str, size: float, bold: bool = False, color: RGBColor = TEXT) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    if lang == "ko":
        rpr = run._r.get_or_add_rPr()
        ea = rpr.find(qn("a:ea"))
        if ea is None:
            ea = rpr.makeelement(qn("a:ea"), {})
            rpr.append(ea)
        ea.set("typeface", EAST_ASIAN_FONT)


def _text(slide, left, top, width, height, paragraphs: Iterable[tuple[str, float, bool, RGBColor]], lang: str):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    first = True
    for text, size, bold, color in paragraphs:
        para = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        run = para.add_run()
        run.text = text
        _style(run, lang, size, bold, color)
    return box


def _source_lines(sources: Iterable[Source]) -> list[str]:
    return [f"{s.publisher} — {s.url}" if s.url else s.publisher for s in sources]


def _notes(slide, lines: list[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(x for x in lines if x)


def _cover(prs, handout: Handout) -> None:
    lang = handout.lang
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    paras = [
        (handout.title, 40, True, PRIMARY),
        (t("briefing.cover_date", lang, date=i18n.fmt_date(handout.made_on, lang)), 18, False, TEXT),
        (t("briefing.cover_language", lang, language=i18n.LANGUAGES[lang]), 18, False, TEXT),
    ]
    if handout.currency:
        paras.append((t("briefing.cover_currency", lang), 16, True, TEXT))
        paras += [
            (t("briefing.cover_currency_line", lang, dataset=d, date=c), 14, False, TEXT) for d, c in handout.currency
        ]
    _text(slide, MARGIN, Inches(1.2), SLIDE_W - 2 * MARGIN, Inches(5), paras, lang)
    _text(
        slide,
        MARGIN,
        SLIDE_H - Inches(0.8),
        SLIDE_W - 2 * MARGIN,
        Inches(0.4),
        [(t("briefing.generated_by", lang), 12, False, MUTED)],
        lang,
    )


def _figure_slide(prs, s: Slide, lang: str, draw: Picture, base_url: str | None) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    link = picture.absolute_url(s.link, base_url)
    fig = s.figure
    head = fig.title if fig is not None else s.view_title
    _text(
        slide,
        MARGIN,
        Inches(0.3),
        SLIDE_W - 2 * MARGIN,
        Inches(0.7),
        [(head, 26, True, PRIMARY), (t("briefing.from_view", lang, title=s.view_title), 12, False, MUTED)],
        lang,
    )
    notes = [f"{t('briefing.note_label', lang)} {s.note}" if s.note else ""]
    if fig is None:
        _text(slide, MARGIN, Inches(2), SLIDE_W - 2 * MARGIN, Inches(1), [(s.problem, 18, False, TEXT)], lang)
    else:
        if fig.chart is not None:  # a figure may be a table only: it keeps its text, without a picture
            _picture(slide, draw(fig))
        if fig.caption:
            _text(
                slide,
                MARGIN,
                SLIDE_H - Inches(1.0),
                SLIDE_W - 2 * MARGIN,
                Inches(0.8),
                [(fig.caption, 12, False, TEXT)],
                lang,
            )
        notes += list(fig.notes)
        notes += [t("briefing.slide_notes_sources", lang), *_source_lines(fig.sources)] if fig.sources else []
    notes.append(f"{t('briefing.link_label', lang)} {link}")
    _notes(slide, notes)


def _picture(slide, data: bytes) -> None:  # noqa: ANN001
    """The picture as large as the room between the heading and the caption allows, centred."""
    w, h = picture.png_size(data)
    box_top, box_h = Inches(1.25), SLIDE_H - Inches(1.25) - Inches(1.05)
    box_w = SLIDE_W - 2 * MARGIN
    ratio = min(box_w / w, box_h / h)
    pw, ph = Emu(int(w * ratio)), Emu(int(h * ratio))
    slide.shapes.add_picture(io.BytesIO(data), int((SLIDE_W - pw) / 2), box_top, pw, ph)


def _sources_slides(prs, handout: Handout) -> None:
    lang = handout.lang
    lines = _source_lines(handout.sources)
    per_slide = 16
    for start in range(0, max(len(lines), 1), per_slide):
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
        paras = [(t("briefing.sources_title", lang), 30, True, PRIMARY)]
        paras += [(line, 13, False, TEXT) for line in lines[start : start + per_slide]]
        _text(slide, MARGIN, Inches(0.4), SLIDE_W - 2 * MARGIN, SLIDE_H - Inches(1), paras, lang)
        _notes(slide, lines[start : start + per_slide])


def build(handout: Handout, base_url: str | None = None, draw: Picture | None = None) -> bytes:
    """The deck as .pptx bytes (MissingFont when Korean text has no CJK font to draw it)."""
    if handout.lang == "ko":
        fonts.require_for(t("common.app_name", "ko"))
    draw = draw or (lambda fig: picture.png(fig, base_url))
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = handout.title
    prs.core_properties.language = handout.lang
    _cover(prs, handout)
    for s in handout.slides:
        _figure_slide(prs, s, handout.lang, draw, base_url)
    _sources_slides(prs, handout)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
