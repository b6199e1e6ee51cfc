"""Loaders: the real files validate; each failure mode gives an exact, locating message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data, geo

# The curated files themselves, not the frozen fixture the page tests use.
REAL = Path(__file__).resolve().parents[2] / "data"

FIXTURES = Path(__file__).parent / "fixtures" / "bad"


def _dir_with(tmp_path: Path, fixture: str, as_file: str) -> Path:
    shutil.copy(REAL / "countries.csv", tmp_path / "countries.csv")
    shutil.copy(FIXTURES / fixture, tmp_path / as_file)
    return tmp_path


@pytest.mark.parametrize("dataset", data.available(REAL))
def test_real_file_validates(dataset: str) -> None:
    df = data.load(dataset, REAL)
    assert len(df) > 0


def test_every_dataset_in_the_catalogue_is_described() -> None:
    described = {e.dataset for e in data.load_catalog(REAL)}
    assert set(data.available(REAL)) <= described <= set(data.SPECS)


# Files in data/ that are no dataset of their own: the import tools' inputs (data/README.md describes each).
TOOL_INPUTS = {"unsc_topic_rules.csv", "unsc_subject_ko.csv", "unsc_record_checks.csv"}


def test_every_shipped_data_file_is_a_catalogued_dataset_or_a_described_tool_input() -> None:
    """A file added to data/ reaches readers (the Sources page's downloads come from the catalogue) only as a
    dataset with a loader and a catalogue entry; the one other kind of file is a tool's input, named here and
    in data/README.md."""
    files = {f.name for f in REAL.iterdir() if f.is_file()}
    datasets = {data.SPECS[name].file for name in data.available(REAL)}
    other = {"catalog.toml", "README.md", data.WORLD_FILE}
    assert files - datasets - other == TOOL_INPUTS
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme or f"data/{name}" in readme for name in TOOL_INPUTS)


def test_types_are_normalised(tmp_path: Path) -> None:
    df = data.load_arms_exports(_dir_with(tmp_path, "arms_ok.csv", "arms_exports.csv"))
    assert str(df["value_usd_m"].dtype) == "Float64"
    assert str(df["quantity"].dtype) == "Int64"
    assert pd.isna(df.loc[0, "value_usd_m"])  # empty stays empty, never 0


@pytest.mark.parametrize(
    ("fixture", "as_file", "message"),
    [
        (
            "missing_column.csv",
            "arms_exports.csv",
            "data/arms_exports.csv: missing column(s) stage; found deal_id, recipient_iso3, system, category, "
            "quantity, value_usd_m, year_signed, source_url",
        ),
        (
            "unknown_iso3.csv",
            "arms_exports.csv",
            "data/arms_exports.csv, row 2 (line 3), column 'recipient_iso3': "
            "expected a code listed in data/countries.csv, found 'XYZ'",
        ),
        (
            "negative_value.csv",
            "arms_exports.csv",
            "data/arms_exports.csv, row 2 (line 3), column 'value_usd_m': expected a number >= 0, found -3370.0",
        ),
        (
            "duplicate_id.csv",
            "arms_exports.csv",
            "data/arms_exports.csv, row 1 (line 2), column 'deal_id': expected a unique value; "
            "this one appears more than once, found 'POL-2022-K2-FW'\n"
            "data/arms_exports.csv, row 2 (line 3), column 'deal_id': expected a unique value; "
            "this one appears more than once, found 'POL-2022-K2-FW'",
        ),
        (
            "bad_date.csv",
            "events.csv",
            "data/events.csv, row 1 (line 2), column 'date': expected a date as YYYY-MM-DD, found '2025-02-30'",
        ),
        (
            "empty.csv",
            "arms_exports.csv",
            "data/arms_exports.csv: the file is empty; expected a header line and at least one row",
        ),
        ("header_only.csv", "arms_exports.csv", "data/arms_exports.csv: the file has a header but no rows"),
        (
            "not_utf8.csv",
            "arms_exports.csv",
            "data/arms_exports.csv: not UTF-8 text (byte 0xc8 at position 111); save the file as UTF-8",
        ),
        (
            "bad_stage.csv",
            "arms_exports.csv",
            "data/arms_exports.csv, row 1 (line 2), column 'stage': expected one of framework, contract, option, "
            "mou, co-development, transfer, found 'deal'",
        ),
        (
            "zero_share.csv",
            "defense_spending.csv",
            "data/defense_spending.csv, row 1 (line 2), column 'share_gdp_pct': expected a number > 0 "
            "(leave the cell empty when unknown), found 0.0",
        ),
    ],
)
def test_bad_file_message(tmp_path: Path, fixture: str, as_file: str, message: str, monkeypatch) -> None:
    folder = _dir_with(tmp_path, fixture, as_file)
    monkeypatch.setattr(data, "DATA_DIR", folder)  # so messages name data/<file>
    dataset = next(k for k, s in data.SPECS.items() if s.file == as_file)
    with pytest.raises(data.DataError) as err:
        data.load(dataset, folder)
    assert str(err.value) == message


def test_every_country_has_a_shape() -> None:
    codes = set(data.load_countries(REAL)["iso3"])
    assert codes <= geo.world_codes(REAL), sorted(codes - geo.world_codes(REAL))


def test_every_code_used_by_any_dataset_has_a_shape() -> None:
    shapes = geo.world_codes(REAL)
    used: set[str] = set()
    for name in data.available(REAL):
        df = data.load(name, REAL)
        for col in ("iso3", "recipient_iso3", "member_iso3"):
            if col in df:
                used |= set(df[col].dropna())
        if "actors" in df:
            used |= {c for a in df["actors"].dropna() for c in a.split(";")}
    assert used and used <= shapes, sorted(used - shapes)


def test_france_and_norway_have_their_codes() -> None:
    assert {"FRA", "NOR"} <= geo.world_codes(REAL)
    assert "-99" not in geo.world_codes(REAL)


def test_catalogue_speaks_both_languages() -> None:
    for entry in data.load_catalog(REAL):
        for text in (entry.covers, entry.source, entry.licence):
            assert text["en"] and text["ko"], entry.dataset


@pytest.mark.parametrize("dataset", [n for n, s in data.SPECS.items() if "source_tier" in s.columns])
def test_every_sourced_row_is_graded(dataset: str) -> None:
    df = data.load(dataset, REAL)
    ungraded = df[df["source_tier"].isna()]
    assert ungraded.empty, f"data/{data.SPECS[dataset].file}: rows without source_tier: {list(ungraded.index[:5] + 2)}"


def test_an_event_naming_an_unknown_deal_loses_that_link_only(tmp_path: Path) -> None:
    for name in ("countries", "arms_exports", "unsc_decisions", "events"):
        shutil.copy(REAL / data.SPECS[name].file, tmp_path / data.SPECS[name].file)
    real = data.load("events", REAL)
    row = int(real["deal_id"].first_valid_index())  # type: ignore[arg-type]
    text = (tmp_path / "events.csv").read_text(encoding="utf-8")
    old = str(real.at[row, "deal_id"])
    (tmp_path / "events.csv").write_text(text.replace(f",{old},", ",NO-SUCH-DEAL,", 1), encoding="utf-8")
    events = data.load("events", tmp_path)
    assert len(events) == len(real)
    assert pd.isna(events.at[row, "deal_id"])
    assert events["deal_id"].notna().sum() == real["deal_id"].notna().sum() - 1
    assert events.attrs["degraded"] == [
        f"data/events.csv, row {row + 1} (line {row + 2}), column 'deal_id': "
        "expected an id in data/arms_exports.csv, found 'NO-SUCH-DEAL'; link dropped"
    ]


def test_an_unknown_country_still_fails_the_file(tmp_path: Path) -> None:
    for name in ("countries", "arms_exports", "unsc_decisions", "events"):
        shutil.copy(REAL / data.SPECS[name].file, tmp_path / data.SPECS[name].file)
    text = (tmp_path / "events.csv").read_text(encoding="utf-8")
    (tmp_path / "events.csv").write_text(text.replace(",FIN;KOR,", ",FIN;XYZ,", 1), encoding="utf-8")
    with pytest.raises(data.DataError, match="column 'actors': expected a code listed in data/countries.csv"):
        data.load("events", tmp_path)
