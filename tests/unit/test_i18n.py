import re
from datetime import date

import pytest

from atlas import i18n


def test_every_key_exists_in_both_languages() -> None:
    en, ko = set(i18n.catalogue("en")), set(i18n.catalogue("ko"))
    assert en - ko == set(), f"missing in Korean: {sorted(en - ko)}"
    assert ko - en == set(), f"missing in English: {sorted(ko - en)}"


def test_placeholders_match_between_languages() -> None:
    en, ko = i18n.catalogue("en"), i18n.catalogue("ko")
    field = re.compile(r"{(\w+)}")
    for key in en:
        assert set(field.findall(en[key])) == set(field.findall(ko.get(key, en[key]))), key


def test_korean_texts_are_korean() -> None:
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for key, raw in i18n.catalogue("ko").items():
        text = re.sub(r"{\w+}", "", raw)  # placeholders are code, not text
        if len(text) > 6 and re.search(r"[A-Za-z]{4,}", text) and not hangul.search(text):
            pytest.fail(f"{key} is not translated: {text!r}")


def test_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        i18n.t("common.no_such_key", "en")


def test_dates_and_money_per_language() -> None:
    assert i18n.fmt_date(date(2025, 2, 24), "ko") == "2025년 2월 24일"
    assert i18n.fmt_date(date(2025, 2, 24), "en") == "24 February 2025"
    assert i18n.fmt_usd_m(3370, "en") == "$3.37 bn"
    assert i18n.fmt_usd_m(3370, "ko") == "33.7억 달러"
    assert i18n.fmt_usd_m(None, "en") == "—"


def test_country_names_per_language() -> None:
    assert i18n.country_name("KOR", "en") == "South Korea"
    assert i18n.country_name("KOR", "ko") == "한국"
    assert i18n.country_name("PRK", "ko") == "북한"


def test_missing_korean_falls_back_to_marked_english() -> None:
    assert i18n.localized("K9 howitzer", "K9 자주포", "ko") == "K9 자주포"
    assert i18n.localized("K9 howitzer", None, "ko") == "K9 howitzer (영문만 있음)"
    assert i18n.localized("K9 howitzer", "", "ko") == "K9 howitzer (영문만 있음)"
    assert i18n.localized("K9 howitzer", "K9 자주포", "en") == "K9 howitzer"


def test_current_to_is_a_date_the_whole_year_or_the_text() -> None:
    assert i18n.fmt_current_to("2026-04-07", "en") == "7 April 2026"
    assert i18n.fmt_current_to("2026-04-07", "ko") == "2026년 4월 7일"
    # Council membership is known for its year: "31 December 2026" would read as a date still to come.
    assert i18n.fmt_current_to("2026-12-31", "en") == "2026 (whole year)"
    assert i18n.fmt_current_to("2026-12-31", "ko") == "2026년 전체"
    assert i18n.fmt_current_to("Natural Earth 1:110m (as shipped)", "en") == "Natural Earth 1:110m (as shipped)"


@pytest.mark.parametrize(
    ("first", "last", "as_of", "lang", "expected"),
    [
        (2017, 2026, date(2026, 4, 7), "en", "2017–2026 (2026: to 7 April)"),
        (2017, 2026, date(2026, 4, 7), "ko", "2017–2026 (2026년은 4월 7일까지)"),
        (2026, 2026, date(2026, 1, 30), "en", "2026 (2026: to 30 January)"),
        (2017, 2030, date(2026, 1, 30), "en", "2017–2030 (data to 30 January 2026)"),
        (2017, 2025, date(2026, 4, 7), "en", "2017–2025"),
        (2000, 2025, date(2025, 12, 31), "en", "2000–2025"),
        (2000, 2026, date(2025, 12, 31), "en", "2000–2026 (data to 31 December 2025)"),
        (2017, 2026, None, "en", "2017–2026"),
    ],
)
def test_a_year_span_never_claims_more_than_the_data_has(first, last, as_of, lang, expected) -> None:  # noqa: ANN001
    assert i18n.fmt_years(first, last, lang, as_of) == expected


@pytest.mark.parametrize(
    ("first", "last", "lang", "expected"),
    [
        (2024, 2025, "en", "2024–2025 (every decision to 4 June 2025; after it, a selection to 7 April 2026)"),
        (2024, 2025, "ko", "2024–2025 (2025년 6월 4일까지 전체 결정, 이후 2026년 4월 7일까지는 일부만)"),
        (2017, 2024, "en", "2017–2024"),  # ends before the record stops being complete: nothing to say
    ],
)
def test_a_span_past_the_complete_record_says_what_follows_is_a_selection(first, last, lang, expected) -> None:  # noqa: ANN001
    """The Council record holds every vote to 4 June 2025 and curated decisions after: a figure over 2024-2025
    must not read as the whole term."""
    assert i18n.fmt_years(first, last, lang, date(2026, 4, 7), date(2025, 6, 4)) == expected


def test_one_current_to_formatter() -> None:
    """Every page formats a catalogue date with i18n.fmt_current_to: no area keeps its own."""
    from pathlib import Path

    root = Path(i18n.__file__).resolve().parents[1]
    own = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.parent.name != "i18n" and re.search(r"def _?(fmt_)?current_to\(text", p.read_text(encoding="utf-8"))
    ]
    assert not own, own
