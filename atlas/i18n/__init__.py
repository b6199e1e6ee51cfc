"""Every user-facing string goes through t(); catalogues live in atlas/locales/<lang>/*.toml.

Catalogues are split by area (common.toml, arms.toml, votes.toml ...) so that each page
owns its strings, and a language is added by adding a folder, not by touching pages.
The current language is a ContextVar set once per script run by atlas.ui.page_setup:
each Streamlit session runs its script in its own thread, so one user's language never
leaks into another's.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

import pandas as pd

LANGUAGES: Mapping[str, str] = MappingProxyType({"en": "English", "ko": "한국어"})
DEFAULT_LANG = "en"
LOCALES = Path(__file__).parent / "locales"
_lang: ContextVar[str] = ContextVar("lang", default=DEFAULT_LANG)


def set_language(lang: str) -> str:
    """Set the language for this script run; unknown codes fall back to English."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    _lang.set(lang)
    return lang


def language() -> str:
    return _lang.get()


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """All strings of one language, as flat 'area.key' names (read once, never mutated)."""
    strings: dict[str, str] = {}
    folder = LOCALES / lang
    for path in sorted(folder.glob("*.toml")):
        area = path.stem
        for key, value in _flatten(tomllib.loads(path.read_text(encoding="utf-8"))):
            strings[f"{area}.{key}"] = value
    return MappingProxyType(strings)


def _flatten(d: dict, prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k, v in d.items():
        if isinstance(v, dict):
            out += _flatten(v, f"{prefix}{k}.")
        else:
            out.append((f"{prefix}{k}", str(v)))
    return out


def t(key: str, lang: str | None = None, /, **values: object) -> str:
    """Translate key into the current (or given) language, filling {placeholders}.

    A key missing in Korean falls back to English; a key missing everywhere raises,
    so a typo fails in tests rather than showing a raw key to a briefer.
    """
    lang = lang or language()
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key)
    if text is None:
        raise KeyError(f"no text for {key!r} in the {DEFAULT_LANG} catalogue")
    return text.format(**values) if values else text


def fmt_int(n: float | int | None) -> str:
    return "—" if n is None or pd.isna(n) else f"{int(round(n)):,}"


def plural(key: str, n: int, lang: str | None = None, /, **values: object) -> str:
    """t(key.one) for exactly one, else t(key.other), with {n} written as fmt_int(n) unless given.

    "1 event", "1,000 events", "3건": every catalogue has both forms (Korean has no plural, so its two
    say the same). n picks the form; pass n= among values when the number shown is another one.
    """
    values.setdefault("n", fmt_int(n))
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, **values)


def fmt_usd_m(value: float | None, lang: str | None = None) -> str:
    """Millions of US dollars as a reader says them: $3.4 bn / $870 m (34억 달러 / 8.7억 달러)."""
    if value is None or pd.isna(value):
        return "—"
    lang = lang or language()
    if lang == "ko":
        eok = value / 100  # 1억 = 100 million
        return f"{eok:,.1f}억 달러" if eok < 10_000 else f"{eok / 10_000:,.2f}조 달러"
    if abs(value) >= 1000:
        return f"${value / 1000:,.2f} bn"
    return f"${value:,.0f} m"


def fmt_pct(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:.{digits}f}%"


def fmt_date(d: date | datetime | pd.Timestamp | None, lang: str | None = None) -> str:
    if d is None or pd.isna(d):
        return "—"
    lang = lang or language()
    if lang == "ko":
        return f"{d.year}년 {d.month}월 {d.day}일"
    return f"{d.day} {d.strftime('%B')} {d.year}"


def fmt_day_month(d: date | datetime | pd.Timestamp, lang: str | None = None) -> str:
    """A day of the year without its year: "7 April" (4월 7일)."""
    lang = lang or language()
    return f"{d.month}월 {d.day}일" if lang == "ko" else f"{d.day} {d.strftime('%B')}"


# How a chart's date axis reads, as Vega's d3-time-format specifiers: the one place every chart builder
# takes its date formats from. Month and day names come from the reader's locale table (vl-convert's
# ko-KR, given to the browser by atlas.render.picture.screen_locale), where %b is "5월": Korean writes the
# day and year with their counters, "5월 21일" and "2025년 5월", never "5월 21".
_TIME_AXIS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType({"year": "%Y", "month": "%Y-%m", "day": "%b %d"}),
        "ko": MappingProxyType({"year": "%Y", "month": "%Y년 %b", "day": "%b %-d일"}),
    }
)
# Where Vega picks the tick interval itself (a span of days to decades), one format per interval. The
# English entries are Vega's own defaults, so an English axis reads as it always has.
_TIME_AXIS_AUTO: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "en": MappingProxyType({"year": "%Y", "quarter": "%B", "month": "%B", "week": "%b %d", "date": "%a %d"}),
        "ko": MappingProxyType({"year": "%Y", "quarter": "%b", "month": "%b", "week": "%b %-d일", "date": "%b %-d일"}),
    }
)


def time_axis_format(unit: str, lang: str | None = None) -> str | dict[str, str]:
    """The format of a time axis ticked by `unit` ("year", "month" or "day"), or, for "auto", Vega's
    multi-format object that names each tick by its own interval."""
    lang = lang or language()
    if unit == "auto":
        return dict(_TIME_AXIS_AUTO.get(lang, _TIME_AXIS_AUTO[DEFAULT_LANG]))
    return _TIME_AXIS.get(lang, _TIME_AXIS[DEFAULT_LANG])[unit]


class Refusal(Exception):
    """Something a reader is told was refused or stopped: a catalogue key (<prefix>.<code>) and the values
    that fill it, in any language. The str() is the English message (logs, tests).

    It pickles as its code and values (the default would rebuild it from its English message), so an
    error raised in the upload worker reaches the page whole.
    """

    prefix = ""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(t(f"{self.prefix}.{code}", "en", **values))

    def message(self, lang: str | None = None) -> str:
        return t(f"{self.prefix}.{self.code}", lang, **self.values)

    def __reduce__(self) -> tuple[object, ...]:
        return (_refusal, (type(self), self.code, dict(self.values)))


def _refusal(cls: type[Refusal], code: str, values: dict[str, object]) -> Refusal:
    return cls(code, **values)


def fmt_current_to(text: object, lang: str | None = None) -> str:
    """A dataset's "current to" (data/catalog.toml) for a reader: the one formatter every page uses.

    A date reads as a date ("7 April 2026"); 31 December reads as the whole year ("2026 (whole year)"), so
    that a Council's membership, known for its year in advance, does not read as a date still to come;
    anything else (a year, "Natural Earth 1:110m (as shipped)") as written.
    """
    raw = "" if text is None else str(text).strip()
    try:
        d = date.fromisoformat(raw)
    except ValueError:
        return raw
    if (d.month, d.day) == (12, 31):
        return t("common.current_to_year", lang, year=d.year)
    return fmt_date(d, lang)


def fmt_coverage(last_year: int, as_of: date | None, lang: str | None = None, complete_to: date | None = None) -> str:
    """What a span ending in last_year cannot show of data that runs to as_of: "2026: to 7 April" when the
    span ends in as_of's year before its end, "data to 7 April 2026" when it ends later, else "".
    complete_to: the data hold every record only to this date, a selection after it; a span that reaches
    past it says so ("every decision to 4 June 2025, a selection after it to 7 April 2026")."""
    if complete_to is not None and last_year >= complete_to.year and (as_of is None or complete_to < as_of):
        after = fmt_date(as_of, lang) if as_of is not None else ""
        key = "common.coverage_selection" if after else "common.coverage_complete"
        return t(key, lang, complete=fmt_date(complete_to, lang), date=after)
    if as_of is None or last_year < as_of.year or (last_year == as_of.year and (as_of.month, as_of.day) == (12, 31)):
        return ""
    if last_year == as_of.year:
        return t("common.coverage_partial", lang, year=as_of.year, date=fmt_day_month(as_of, lang))
    return t("common.coverage_ends", lang, date=fmt_date(as_of, lang))


def fmt_years(
    first: int, last: int, lang: str | None = None, as_of: date | None = None, complete_to: date | None = None
) -> str:
    """A year span as labels and subtitles write it, "2017–2026 (2026: to 30 January)": never more
    coverage than the data has (as_of: the date its dataset is current to; None states none; complete_to:
    see fmt_coverage)."""
    span = str(first) if first == last else f"{first}–{last}"
    note = fmt_coverage(last, as_of, lang, complete_to)
    return f"{span} ({note})" if note else span


def _country_names() -> Mapping[str, Mapping[str, str]]:
    return _country_names_of(_countries_version(int(time.monotonic())))


@lru_cache(maxsize=1)
def _countries_version(second: int) -> tuple[str, int, int]:
    """The countries file's version, looked up at most once a second: country_name runs per table row."""
    from atlas.core.data import dataset_version  # local: i18n must import without data on path

    return dataset_version("countries")


@lru_cache(maxsize=2)  # read again when the file changes (its version is the key), no restart needed
def _country_names_of(version: tuple[str, int, int]) -> Mapping[str, Mapping[str, str]]:
    from atlas.core.data import load_countries

    df = load_countries()
    return MappingProxyType(
        {
            "en": MappingProxyType(dict(zip(df["iso3"], df["name_en"]))),
            "ko": MappingProxyType(dict(zip(df["iso3"], df["name_ko"]))),
        }
    )


def country_name(iso3: str, lang: str | None = None) -> str:
    """Common name of a country in the current language: our countries file, then ISO 3166-1 (pycountry,
    for a country only an uploaded file names); the code itself if neither knows it."""
    lang = lang or language()
    names = _country_names()[lang]
    return names.get(iso3) or _iso_name(iso3, lang)


@lru_cache(maxsize=512)  # bounded: a code may come from an uploaded file
def _iso_name(iso3: str, lang: str) -> str:
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_3=iso3) if len(iso3) == 3 and iso3.isalpha() else None
    if country is None:
        return iso3
    name = str(getattr(country, "common_name", None) or country.name)
    if lang == "ko":
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"]).gettext(str(country.name))
    return name


def localized(en: object, ko: object, lang: str | None = None) -> str:
    """Curated text in the reader's language; a missing Korean text shows the English, marked."""
    lang = lang or language()
    en_text = "" if en is None or pd.isna(en) else str(en)
    if lang != "ko":
        return en_text
    if ko is not None and not pd.isna(ko) and str(ko).strip():
        return str(ko)
    return f"{en_text} {t('common.english_only', 'ko')}" if en_text else ""


def localized_series(en: pd.Series, ko: pd.Series | None, lang: str | None = None) -> pd.Series:
    """localized() over two columns (ko may be absent)."""
    ko = ko if ko is not None else pd.Series(pd.NA, index=en.index)
    return pd.Series([localized(a, b, lang) for a, b in zip(en, ko)], index=en.index, dtype="string")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$~<>:&=^])")


def escape_markdown(text: object) -> str:
    """Text that st.markdown shows literally: no emphasis, links, maths ($), HTML or emoji codes."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
