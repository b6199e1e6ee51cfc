"""A briefing as a PowerPoint deck (python-pptx): a cover, a slide per view, an appendix of sources.

A view's slide is its figure: the user's title as the slide title, the figure's title and filters as
the subtitle, the chart alone (atlas.render.slides) as large as the room allows, and the caption
written for a slide. Every word on a slide is at least 18 pt on the 13.33 x 7.5 in page and chart
labels at least 12 pt, so the back of a room can read it. A figure that cannot keep its labels at
12 pt on one slide (a vote matrix of sixty decisions) continues on the next slides, each saying which
of its columns it holds, rather than shrinking or dropping any (atlas.render.slides.split). The
slide's notes hold that view's speaker's note only, the whole caption, the figure's warnings, the
article-level addresses of the rows behind it (the largest ten; the rest in the appendix) and the
view's absolute link. Korean decks are entirely Korean; their text names an East Asian font so
PowerPoint picks a Hangul face (Malgun Gothic on Windows) rather than boxes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.text.text import _Run
from pptx.util import Emu, Inches, Pt

from atlas import i18n
from atlas.briefing.figures import Handout, Slide
from atlas.briefing.rows import Row
from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.i18n import fmt_int, t
from atlas.render import fonts, picture, slides

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = Inches(0.6), Inches(0.4), Inches(0.45)
TEXT_W = SLIDE_W - 2 * MARGIN_X
PRIMARY = RGBColor(0x0B, 0x53, 0x94)
TEXT = RGBColor(0x31, 0x33, 0x3F)
MUTED = RGBColor(0x5F, 0x64, 0x70)
EAST_ASIAN_FONT = "Malgun Gothic"
BLANK_LAYOUT = 6
MIN_PT = 18  # no word on a slide is smaller
TITLE_PT, SUBTITLE_PT, BODY_PT = 32, 18, 18
CAPTION_LINES = 3  # a longer caption is cut at a sentence on the slide and given whole in the notes
LINE = 1.2  # line height in ems
EMU_PER_PT = 12700
# Draw a figure's chart for a box width x height (points = CSS px); the page passes a cached one.
Draw = Callable[[Figure, int, int], bytes]


@dataclass(frozen=True)
class Para:
    text: str
    size: float
    bold: bool = False
    color: RGBColor = TEXT
    link: str = ""


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


def lines(text: str, size: float, width_emu: int = TEXT_W) -> int:
    """How many lines text takes at size pt in a box width_emu wide (a generous estimate)."""
    return max(1, len(picture.wrap(text, width_emu / EMU_PER_PT * 0.94, size)))


def height(paras: Iterable[Para], width_emu: int = TEXT_W) -> int:
    """The height the paragraphs need, in EMU."""
    return int(sum(lines(p.text, p.size, width_emu) * p.size * LINE * EMU_PER_PT for p in paras))


def _box(slide, left: int, top: int, width: int, paras: Sequence[Para], lang: str, bottom: int | None = None):  # noqa: ANN001, ANN202
    box = slide.shapes.add_textbox(left, top, width, (bottom or top + height(paras, width)) - top)
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for i, p in enumerate(paras):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = PP_ALIGN.LEFT
        para.line_spacing = 1.0
        run = para.add_run()
        run.text = p.text
        _style(run, lang, p.size, p.bold, p.color)
        if p.link:
            run.hyperlink.address = p.link
    return box


def _notes(slide, notes: Iterable[str]) -> None:  # noqa: ANN001
    slide.notes_slide.notes_text_frame.text = "\n".join(x for x in notes if x)


def _fit_caption(caption: str) -> str:
    """The caption's first sentences that fit CAPTION_LINES on the slide (all of it when it fits)."""
    if lines(caption, BODY_PT) <= CAPTION_LINES:
        return caption
    kept = ""
    for sentence in caption.replace("。", "。 ").split(". "):
        candidate = f"{kept}{sentence.strip()}{'' if sentence.rstrip().endswith(('.', '。')) else '.'} "
        if lines(candidate.strip(), BODY_PT) > CAPTION_LINES:
            break
        kept = candidate
    return kept.strip()


def _cover(prs, handout: Handout) -> None:  # noqa: ANN001
    lang = handout.lang
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    paras = [
        Para(handout.title, 40, True, PRIMARY),
        Para(t("briefing.cover_date", lang, date=i18n.fmt_date(handout.made_on, lang)), 20),
        Para(t("briefing.cover_language", lang, language=i18n.LANGUAGES[lang]), 20),
    ]
    _box(slide, MARGIN_X, Inches(1.0), TEXT_W, paras, lang)
    if handout.currency:
        rows = [Para(t("briefing.cover_currency", lang), 20, True)]
        rows += [Para(t("briefing.cover_currency_line", lang, dataset=d, date=c), MIN_PT) for d, c in handout.currency]
        if handout.currency_note:
            rows.append(Para(handout.currency_note, MIN_PT, False, MUTED))
        half = (len(rows) + 1) // 2 if len(rows) > 7 else len(rows)
        col_w = (TEXT_W - Inches(0.4)) // 2 if half < len(rows) else TEXT_W
        top = Inches(1.0) + height(paras) + Inches(0.5)
        _box(slide, MARGIN_X, top, col_w, rows[:half], lang)
        if half < len(rows):
            _box(slide, MARGIN_X + col_w + Inches(0.4), top, col_w, rows[half:], lang)
    foot = [Para(t("briefing.generated_by", lang), MIN_PT, False, MUTED)]
    _box(slide, MARGIN_X, SLIDE_H - MARGIN_BOTTOM - height(foot), TEXT_W, foot, lang)
    _notes(slide, [handout.link and f"{t('briefing.link_label', lang)} {handout.link}"])


def _source_notes(s: Slide, lang: str, appendix: dict[int, int]) -> list[str]:
    if not s.rows:
        return []
    out = [t("briefing.slide_notes_sources", lang)]
    out += [f"{r.label} — {r.url}" for r in s.top_rows]
    in_appendix = max(0, min(len(s.rows), DECK_ROWS) - len(s.top_rows))
    if in_appendix:
        out.append(t("briefing.more_in_appendix", lang, n=in_appendix, slide=appendix.get(s.number, "")))
    if len(s.rows) > DECK_ROWS:
        out.append(t("briefing.more_at_link", lang, n=fmt_int(len(s.rows) - DECK_ROWS)))
    return out


def _head(s: Slide) -> list[Para]:
    head = [Para(s.title, TITLE_PT, True, PRIMARY)]
    if s.subtitle:
        head.append(Para(s.subtitle, SUBTITLE_PT, False, MUTED))
    return head


def layout(s: Slide, caption: bool = True) -> tuple[int, int, str]:
    """Where the picture goes on the slide (top and bottom, EMU) and the caption shown under it."""
    top = MARGIN_TOP + height(_head(s)) + Inches(0.2)
    bottom = SLIDE_H - MARGIN_BOTTOM
    shown = _fit_caption(s.caption) if s.caption and caption else ""
    if shown:
        bottom -= height([Para(shown, BODY_PT)]) + Inches(0.15)
    return top, max(bottom, top + Inches(2)), shown


def picture_size(s: Slide, caption: bool = True) -> tuple[int, int]:
    """The box the slide's chart is drawn for, in points (= CSS px): the PDF draws the same picture."""
    top, bottom, _ = layout(s, caption)
    return int(TEXT_W / EMU_PER_PT), int((bottom - top) / EMU_PER_PT)


@dataclass(frozen=True)
class Shown:
    """One slide of a view: the view's own slide, or one part of a figure continued over several slides."""

    slide: Slide  # the title, figure and caption this slide shows
    whole: Slide  # the view's slide (its caption, note, sources and link)
    part: int = 1
    parts: int = 1
    shortened: tuple[tuple[str, str], ...] = ()  # (as drawn, whole): labels cut on the slide


def shown_slides(s: Slide) -> list[Shown]:
    """The slides a view takes: one, or, for a chart whose columns may continue (a vote matrix of sixty
    decisions), as many as keep its labels at 12 pt, each titled "(1 of 3)" and saying which columns it
    holds and that the others are on the next slides. The figure's own caption goes to the notes."""
    fig = s.figure
    if fig is None or fig.chart is None or slides.split_hint(fig) is None:
        return [Shown(s, s)]
    lang = fig.lang
    probe = replace(s, title=t("briefing.part_title", lang, title=s.title, part=9, parts=9), caption="…")
    parts = slides.split(fig, *picture_size(probe))
    if len(parts) == 1:
        return [Shown(replace(s, figure=parts[0].figure), s, shortened=parts[0].shortened)]
    return [
        Shown(
            replace(
                s,
                title=t("briefing.part_title", lang, title=s.title, part=p.index, parts=p.count),
                figure=p.figure,
                caption=p.line,
            ),
            s,
            p.index,
            p.count,
            p.shortened,
        )
        for p in parts
    ]


def _figure_slide(prs, shown: Shown, lang: str, draw: Draw, appendix: dict[int, int], first: int) -> None:  # noqa: ANN001
    """One slide; first: the number of the view's first slide (where a continued figure's notes are)."""
    s, whole = shown.slide, shown.whole
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
    _box(slide, MARGIN_X, MARGIN_TOP, TEXT_W, _head(s), lang)
    top, bottom, shown_caption = layout(s)
    fig = s.figure
    data = draw(fig, *picture_size(s)) if fig is not None and fig.chart is not None else b""
    if fig is not None and data and shown_caption and shown.parts == 1 and _label_pt(data, bottom - top) < 12:
        # A chart that keeps its own size (a map, bands of STEP px) would shrink below 12 pt labels:
        # the caption goes to the notes and the chart takes its room. Its picture is the same for the
        # larger box, so it is drawn again only when the box changes what the chart takes.
        top, bottom, shown_caption = layout(s, caption=False)
        base = to_spec(fig.chart)
        if slides.box_sizes(base, *picture_size(s)) != slides.box_sizes(base, *picture_size(s, caption=False)):
            data = draw(fig, *picture_size(s, caption=False))
    if shown.part > 1:
        notes = [t("briefing.continued_from", lang, slide=first)]
    else:
        notes = [f"{t('briefing.note_label', lang)} {s.note}" if s.note else ""]
    if fig is None:
        _box(slide, MARGIN_X, top, TEXT_W, [Para(s.problem, 20)], lang)
    else:
        if shown_caption:
            cap = [Para(shown_caption, BODY_PT)]
            _box(slide, MARGIN_X, SLIDE_H - MARGIN_BOTTOM - height(cap), TEXT_W, cap, lang)
        if data:
            _picture(slide, data, top, bottom)
        elif not fig.table.empty:
            _table(slide, fig, top, bottom, lang)
        if shown.part == 1:
            if whole.caption and shown_caption != whole.caption:
                notes.append(f"{t('briefing.caption_label', lang)} {whole.caption}")
            notes += list(fig.notes)
            notes += _source_notes(whole, lang, appendix)
    if shown.shortened:
        notes.append(t("briefing.labels_shortened", lang))
        notes += [f"{short} = {whole_label}" for short, whole_label in shown.shortened]
    if s.link:
        notes.append(f"{t('briefing.link_label', lang)} {s.link}")
    _notes(slide, notes)


def _label_pt(data: bytes, box_h: int) -> float:
    """The size in points MIN_FONT px labels will have once the picture is fitted to the box."""
    w, h = picture.png_size(data)
    ratio = min(TEXT_W / w, box_h / h)  # EMU per PNG pixel
    return ratio * slides.png_scale(data) / EMU_PER_PT * slides.MIN_FONT


def _picture(slide, data: bytes, top: int, bottom: int) -> None:  # noqa: ANN001
    """The chart in the room between the heading and the caption, centred."""
    box_w, box_h = TEXT_W, bottom - top
    w, h = picture.png_size(data)
    ratio = min(box_w / w, box_h / h)
    pw, ph = Emu(int(w * ratio)), Emu(int(h * ratio))
    slide.shapes.add_picture(io.BytesIO(data), int(MARGIN_X + (box_w - pw) / 2), top, pw, ph)


def label_points(slide) -> list[float]:  # noqa: ANN001
    """For each picture on a slide: how many points one CSS px of the chart became (labels are MIN_FONT px)."""
    out = []
    for shape in slide.shapes:
        if shape.shape_type == 13:  # picture
            blob = shape.image.blob
            px_w, _ = picture.png_size(blob)
            out.append(shape.width / EMU_PER_PT / (px_w / slides.png_scale(blob)))
    return out


def _table(slide, fig: Figure, top: int, bottom: int, lang: str) -> None:  # noqa: ANN001
    """A table-only figure: its first rows as a table (all of them are in the appendix)."""
    cols = list(fig.table.columns[:4])
    n = max(1, min(len(fig.table), int((bottom - top) / (BODY_PT * 2.4 * EMU_PER_PT)) - 1))
    shape = slide.shapes.add_table(n + 1, len(cols), MARGIN_X, top, TEXT_W, int(BODY_PT * 2.4 * EMU_PER_PT) * (n + 1))
    for j, col in enumerate(cols):
        values = [str(col)] + ["" if v is None else str(v)[:60] for v in fig.table[col].head(n)]
        for i, value in enumerate(values):
            frame = shape.table.cell(i, j).text_frame
            frame.text = ""
            run = frame.paragraphs[0].add_run()
            run.text = value
            _style(run, lang, BODY_PT, bold=i == 0, color=TEXT)


ROWS_PER_SLIDE = 13  # one line a row at 18 pt
DECK_ROWS = 2 * ROWS_PER_SLIDE  # rows behind one figure in the deck's appendix; the PDF lists MAX_ROWS
COLUMNS = (Inches(5.5), Inches(1.65), Inches(2.2), Inches(2.78))  # what, value, when, source (= TEXT_W)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or url).removeprefix("www.")


def _fit(text: str, width: int) -> str:
    """text cut to one line of width EMU at 18 pt (the whole of it is in the slide's notes)."""
    if lines(text, MIN_PT, width) <= 1:
        return text
    while text and lines(text + "…", MIN_PT, width) > 1:
        text = text[:-1]
    return text.rstrip() + "…"


def appendix_pages(handout: Handout) -> list[tuple[Slide, tuple[Row, ...], bool]]:
    """The deck's appendix: (slide, its rows on this page, continued?), ROWS_PER_SLIDE rows a page."""
    pages = []
    for s in handout.slides:
        rows = s.rows[:DECK_ROWS]
        for start in range(0, len(rows), ROWS_PER_SLIDE):
            pages.append((s, rows[start : start + ROWS_PER_SLIDE], start > 0))
    return pages


def _appendix(prs, handout: Handout) -> None:  # noqa: ANN001
    lang = handout.lang
    row_h = int(MIN_PT * 1.55 * EMU_PER_PT)
    for s, rows, continued in appendix_pages(handout):
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
        key = "briefing.appendix_more" if continued else "briefing.appendix_title"
        head = [Para(t(key, lang, n=s.number, title=s.title), 24, True, PRIMARY)]
        _box(slide, MARGIN_X, MARGIN_TOP, TEXT_W, head, lang)
        top = MARGIN_TOP + height(head) + Inches(0.2)
        for i, r in enumerate(rows):
            left = int(MARGIN_X)
            y = top + i * row_h
            cells = (r.label, r.value, r.when, _host(r.url))
            for j, (text, width) in enumerate(zip(cells, COLUMNS)):
                if text:
                    para = Para(_fit(text, width - Inches(0.1)), MIN_PT, False, PRIMARY if j == 3 else TEXT)
                    box = _box(slide, left, y, width - Inches(0.1), [para], lang)
                    if j == 3:
                        box.text_frame.paragraphs[0].runs[0].hyperlink.address = r.url
                left += int(width)
        notes = [" · ".join(x for x in (r.label, r.value, r.when, r.url) if x) for r in rows]
        shown = min(len(s.rows), DECK_ROWS)
        if len(s.rows) > DECK_ROWS and rows[-1] is s.rows[shown - 1]:
            notes.append(t("briefing.more_at_link", lang, n=fmt_int(len(s.rows) - DECK_ROWS)))
            _box(
                slide,
                MARGIN_X,
                top + len(rows) * row_h,
                TEXT_W,
                [Para(t("briefing.more_at_link", lang, n=fmt_int(len(s.rows) - DECK_ROWS)), MIN_PT, False, MUTED)],
                lang,
            )
        _notes(slide, notes)


def appendix_start(handout: Handout, figure_slides: int | None = None) -> dict[int, int]:
    """The slide number where each view's appendix starts (for "and N more in the appendix, slide X").
    figure_slides: how many slides the views take (more than one a view when a figure continues)."""
    out: dict[int, int] = {}
    views = len(handout.slides) if figure_slides is None else figure_slides
    for number, (s, _rows, _continued) in enumerate(appendix_pages(handout), start=2 + views):
        out.setdefault(s.number, number)
    return out


def _default_draw(fig: Figure, width: int, height_: int) -> bytes:
    return slides.png(fig, width, height_)


def memo(draw: Draw | None = None) -> Draw:
    """A draw that draws each (figure, size) once: the deck and the PDF of one handout share it."""
    drawn: dict[tuple[object, int, int], bytes] = {}
    inner = draw or _default_draw

    def cached(fig: Figure, width: int, height_: int) -> bytes:
        # a part of a continued chart is a new Figure on each build: its chart's key names the part
        key = (getattr(fig.chart, "key", None) or id(fig), width, height_)
        if key not in drawn:
            drawn[key] = inner(fig, width, height_)
        return drawn[key]

    return cached


def build(handout: Handout, draw: Draw | None = None, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The deck as .pptx bytes (MissingFont when Korean text has no CJK font to draw it)."""
    if handout.lang == "ko":
        fonts.require_for(t("common.app_name", "ko"))
    draw = draw or _default_draw
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = handout.title
    prs.core_properties.language = handout.lang
    _cover(prs, handout)
    plan = [shown_slides(s) for s in handout.slides]
    appendix = appendix_start(handout, sum(len(p) for p in plan))
    number = 2
    for i, view_slides in enumerate(plan):
        first = number
        for shown in view_slides:
            _figure_slide(prs, shown, handout.lang, draw, appendix, first)
            number += 1
        if progress is not None:
            progress(i + 1, len(handout.slides))
    _appendix(prs, handout)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
