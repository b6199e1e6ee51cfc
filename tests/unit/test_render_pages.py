"""The picture of every figure of every page's default view, in both languages (needs the area packages:
a page whose atlas/<area>/figures.py is missing fails here, it is never skipped)."""

from __future__ import annotations

import pytest

from atlas.briefing import registry
from atlas.briefing.model import FIGURE_PAGES
from atlas.core.figure import Datasets
from atlas.i18n import t
from atlas.render import picture
from tests.unit.test_render_picture import assert_real_png


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_every_default_figure_has_a_picture(page: str, lang: str) -> None:
    figs = registry.figures_for(page, {}, lang, Datasets())
    assert figs, f"{page} shows no figure for its default view"
    for fig in figs:
        if fig.chart is None:
            continue
        assert_real_png(picture.png(fig), theme_bar=False)
        svg = picture.svg(fig).decode("utf-8")
        assert t("common.source_prefix", lang) in svg or not fig.sources, fig.id
        for line in picture.wrap(fig.title, picture.WIDTH, picture.TITLE_SIZE):
            assert line.replace("&", "&amp;") in svg, fig.id
        if fig.as_of:
            assert t("common.data_as_of", lang, date="").strip() in svg, fig.id
