"""How the spending page names things: target shares, who set a target, NATO's lines.

The only module of the area besides figures/view that produces words (model and whatif stay codes).
"""

from __future__ import annotations

import pandas as pd

from atlas.i18n import country_name, t
from atlas.spending.model import NATO, Preset


def pct_name(value: float) -> str:
    """A target share as people say it: 2%, 3.5%."""
    return f"{value:g}%"


def scope_name(scope: str, lang: str | None = None) -> str:
    """Who set a target: NATO or a country's name."""
    return t("spending.scope_nato", lang) if scope == NATO else country_name(scope, lang)


def reference_labels(lines: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """reference_lines() as the chart draws them: value (share of GDP) and a translated label
    ("NATO 3.5% by 2035"; "NATO 2%" for a threshold without a year)."""
    labels = [
        t("spending.ref_label", lang, pct=pct_name(v), year=int(y))
        if pd.notna(y)
        else t("spending.ref_label_noyear", lang, pct=pct_name(v))
        for v, y in zip(lines["share_gdp_pct"], lines["target_year"])
    ]
    return pd.DataFrame({"value": lines["share_gdp_pct"].astype("float64").to_numpy(), "label": labels})


def preset_label(p: Preset, lang: str | None = None) -> str:
    """A preset button's short label (plain text: the caller escapes it for markdown)."""
    scope = scope_name(p.scope, lang)
    pct = pct_name(p.share_pct)
    if p.target_year is None:
        return t("spending.preset_noyear", lang, scope=scope, pct=pct, kind=t(f"spending.kind.{p.kind}", lang))
    return t("spending.preset", lang, scope=scope, pct=pct, year=p.target_year)
