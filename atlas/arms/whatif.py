"""What-if deals: the session's hypothetical rows, checked, filtered and merged (pure; no Streamlit).

What-if rows live only in the caller's session (the view keeps them in st.session_state and,
up to MAX_URL_ROWS, in the link as ``wi``); this module validates them and merges them,
flagged ``is_hypothetical``, into a *copy* of the filtered deals. Typed rows and uploaded
rows obey the same rules: no formula prefixes, no control, bidi or invisible
characters, finite values within bounds, years within HYPO_YEARS, known codes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from atlas.arms.model import Filters
from atlas.core import urlstate
from atlas.core.export import FORMULA_PREFIXES
from atlas.core.urlstate import bad_char as bad_char  # one rule for cells and names, with spending's
from atlas.core.urlstate import name_problem as _name_problem
from atlas.core.vocab import ARMS_CATEGORIES
from atlas.i18n import t

HYPO_COLUMNS: tuple[str, ...] = ("recipient_iso3", "system", "category", "value_usd_m", "year_signed")
MAX_SYSTEM_CHARS = 120
HYPO_YEARS = (1990, 2035)
# US$ 100 bn: several times the largest real deal (Poland's K2/K9 packages are ~US$ 6 bn);
# anything above is a typing slip (or inf/1e300) that would swamp every total.
MAX_VALUE_USD_M = 100_000.0
# A link carries at most this many what-if rows; a larger table is shared as CSV.
MAX_URL_ROWS = 10
URL_SEPARATOR = "~"  # unreserved in URLs; the system name comes last, so it may contain "~"
# The formats of the ``wi`` and ``asc`` values, written "v1~..." (urlstate.Versioned); links from before
# the tag read unchanged. An ``asc`` value starts with the scenario's name, which may be anything, so its
# tag goes second, where an untagged value holds the recipient's ISO3 code.
_BEFORE_TAGS = {urlstate.UNTAGGED: urlstate.unchanged}
WI_FORMAT: urlstate.Versioned[str] = urlstate.Versioned(URL_SEPARATOR, current=1, migrations=_BEFORE_TAGS)
_ROW_FIELDS = ("recipient_iso3", "category", "value_usd_m", "year_signed", "system")
ASC_FORMAT: urlstate.Versioned[str] = urlstate.Versioned(URL_SEPARATOR, current=1, migrations=_BEFORE_TAGS, tag_at=1)


def has_control_chars(text: str) -> bool:
    """True when text holds a line break, tab, or a control, text-direction or invisible character."""
    return bad_char(text) is not None


def value_ok(value: float) -> bool:
    """A usable what-if value: a finite number from 0 to MAX_VALUE_USD_M (US$ million)."""
    return math.isfinite(value) and 0 <= value <= MAX_VALUE_USD_M


def empty_scenario() -> pd.DataFrame:
    """An empty what-if table with the editor's column types."""
    return pd.DataFrame(
        {
            "recipient_iso3": pd.Series(dtype="string"),
            "system": pd.Series(dtype="string"),
            "category": pd.Series(dtype="string"),
            "value_usd_m": pd.Series(dtype="Float64"),
            "year_signed": pd.Series(dtype="Int64"),
        }
    )


@dataclass(frozen=True)
class Problem:
    """Why a row or a file was refused: a catalogue key (<prefix>.<code>) and its values."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)
    prefix: str = "arms.upload"

    def message(self, lang: str | None = None) -> str:
        return t(f"{self.prefix}.{self.code}", lang, **self.values)


def _cell(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()


def row_problem(row: Mapping[str, object], known_iso3: set[str]) -> str | None:
    """The first rule a typed (or linked) row breaks, as a code, or None when it can be used.

    Codes: incomplete, control_chars, formula, too_long, value_range, year_range, unknown.
    """
    cells = {c: _cell(row.get(c)) for c in HYPO_COLUMNS}
    if any(bad_char(v) for v in cells.values()):
        return "control_chars"
    if cells["system"].startswith(FORMULA_PREFIXES):
        return "formula"
    if any(v == "" for v in cells.values()):
        return "incomplete"
    if len(cells["system"]) > MAX_SYSTEM_CHARS:
        return "too_long"
    try:
        value = float(cells["value_usd_m"])
        year = float(cells["year_signed"])
    except ValueError:
        return "incomplete"
    if not value_ok(value):
        return "value_range"
    if not (year.is_integer() and HYPO_YEARS[0] <= year <= HYPO_YEARS[1]):
        return "year_range"
    if cells["recipient_iso3"].upper() not in known_iso3 or cells["category"].lower() not in ARMS_CATEGORIES:
        return "unknown"
    return None


@dataclass(frozen=True)
class CleanScenario:
    rows: pd.DataFrame  # complete, valid rows
    skipped: int  # incomplete or invalid rows left out (still in the editor)
    problems: tuple[Problem, ...] = ()  # why rows were left out, other than being incomplete


def _typed(records: list[dict[str, object]]) -> pd.DataFrame:
    if not records:
        return empty_scenario()
    df = pd.DataFrame(records)
    return pd.DataFrame(
        {
            "recipient_iso3": df["recipient_iso3"].map(lambda v: _cell(v).upper()).astype("string"),
            "system": df["system"].map(_cell).astype("string"),
            "category": df["category"].map(lambda v: _cell(v).lower()).astype("string"),
            "value_usd_m": pd.to_numeric(df["value_usd_m"].map(_cell)).astype("Float64"),
            "year_signed": pd.to_numeric(df["year_signed"].map(_cell)).astype("Int64"),
        }
    )


def clean_scenario(edited: pd.DataFrame | None, known_iso3: Iterable[str]) -> CleanScenario:
    """The editor's rows that can be used: every cell filled and valid (the upload's rules)."""
    if edited is None or edited.empty:
        return CleanScenario(empty_scenario(), 0)
    known = set(known_iso3)
    df = edited.reindex(columns=list(HYPO_COLUMNS)).reset_index(drop=True)
    good: list[dict[str, object]] = []
    skipped = 0
    problems: list[Problem] = []
    for number, row in enumerate(df.to_dict("records"), start=1):
        if all(_cell(v) == "" for v in row.values()):
            continue  # a blank row the editor just added
        code = row_problem(row, known)
        if code is None:
            good.append(row)
            continue
        skipped += 1
        if code != "incomplete":
            values: dict[str, object] = {"row": number}
            if code == "control_chars":
                values["char"] = next(c for c in (bad_char(_cell(v)) for v in row.values()) if c)
            problems.append(Problem(code, values, prefix="arms.whatif_row"))
    return CleanScenario(_typed(good), skipped, tuple(problems))


def years_of(scenario: pd.DataFrame) -> tuple[int, ...]:
    """The years the what-if rows are signed in (the Years filter must reach them)."""
    if scenario is None or scenario.empty:
        return ()
    return tuple(sorted({int(y) for y in scenario["year_signed"].dropna()}))


def filter_scenario(scenario: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """What-if rows that fall inside the stage, year, recipient and category filters.

    What-if rows are contracts (merge_hypothetical): none is shown unless the
    ``contract`` stage is selected.
    """
    if scenario.empty or "contract" not in f.stages:
        return scenario.iloc[0:0].copy()
    lo, hi = f.years
    mask = scenario["year_signed"].between(lo, hi).fillna(False)
    if f.recipients:
        mask &= scenario["recipient_iso3"].isin(list(f.recipients))
    if f.categories:
        mask &= scenario["category"].isin(list(f.categories))
    return scenario.loc[mask.to_numpy(dtype=bool)].copy()


def merge_hypothetical(rows: pd.DataFrame, scenario: pd.DataFrame, note: str = "") -> pd.DataFrame:
    """A new frame: the (filtered) real rows plus what-if rows, flagged ``is_hypothetical``.

    What-if rows get ids HYP-1, HYP-2 ..., stage ``contract``, no source, and count in
    full (``counted_usd_m`` = their value, a value at signing in current US$). Neither
    input is modified.
    """
    real = rows.copy()
    real["is_hypothetical"] = False
    if scenario is None or scenario.empty:
        return real
    fake = pd.DataFrame(
        {
            "deal_id": [f"HYP-{i}" for i in range(1, len(scenario) + 1)],
            "recipient_iso3": scenario["recipient_iso3"].astype("string").to_numpy(),
            "system": scenario["system"].astype("string").to_numpy(),
            "system_ko": scenario["system"].astype("string").to_numpy(),  # the user's own text, any language
            "category": scenario["category"].astype("string").to_numpy(),
            "value_usd_m": pd.array(scenario["value_usd_m"], dtype="Float64"),
            "usd_m_at_signing": pd.array(scenario["value_usd_m"], dtype="Float64"),
            "year_signed": pd.array(scenario["year_signed"], dtype="Int64"),
            "stage": "contract",
            "notes": note,
        }
    )
    fake["counted_usd_m"] = fake["value_usd_m"]
    fake["is_hypothetical"] = True
    merged = pd.concat([real, fake.reindex(columns=real.columns)], ignore_index=True)
    merged["is_hypothetical"] = merged["is_hypothetical"].astype(bool)
    return merged


# ------------------------------------------------------------------ the link's ``wi`` rows
def _rows_text(scenario: pd.DataFrame) -> list[str]:
    """Each row as ISO3~category~value~year~system (codes, then the user's text), untagged."""
    out = []
    for r in scenario.to_dict("records"):
        value = f"{float(r['value_usd_m']):.10g}"
        parts = [str(r["recipient_iso3"]), str(r["category"]), value, str(int(r["year_signed"])), str(r["system"])]
        out.append(URL_SEPARATOR.join(parts))
    return out


def encode_rows(scenario: pd.DataFrame) -> list[str]:
    """One compact ``wi`` value per row, in the current format (WI_FORMAT)."""
    return [WI_FORMAT.write(row) for row in _rows_text(scenario)]


@dataclass(frozen=True)
class LinkedRows:
    rows: pd.DataFrame
    rejected: bool  # some value was invalid or there were more than MAX_URL_ROWS


def decode_rows(raw: Sequence[str], known_iso3: Iterable[str], limit: int = MAX_URL_ROWS) -> LinkedRows:
    """The ``wi`` values of a link as a what-if table; invalid rows dropped, at most ``limit`` kept."""
    read = [WI_FORMAT.read(str(value)).value for value in raw[:limit]]
    texts = [text for text in read if text is not None]
    linked = _rows_from_text(texts, known_iso3)
    return LinkedRows(linked.rows, linked.rejected or len(texts) < len(read) or len(raw) > limit)


def _rows_from_text(texts: Sequence[str], known_iso3: Iterable[str]) -> LinkedRows:
    """Rows written as ISO3~category~value~year~system (the current format, its tag taken off)."""
    known = set(known_iso3)
    good: list[dict[str, object]] = []
    rejected = False
    for text in texts:
        parts = text.split(URL_SEPARATOR, 4)
        if len(parts) != 5:
            rejected = True
            continue
        row: dict[str, object] = dict(zip(_ROW_FIELDS, parts, strict=True))
        if row_problem(row, known) is None:
            good.append(row)
        else:
            rejected = True
    return LinkedRows(_typed(good) if good else empty_scenario(), rejected)


# ------------------------------------------------------------------ named scenarios (the link's ``asc``)
MAX_SCENARIOS = 3
MAX_NAME = 32
# A kept scenario always fits in the link and in a briefing: at most MAX_URL_ROWS deals, and each
# ``asc`` value (name~ISO3~category~value~year~system) at most MAX_ASC_VALUE characters, the most a
# briefing keeps per value (32 + 16 for the codes and numbers + 120 for the system stays under it).
MAX_SCENARIO_ROWS = MAX_URL_ROWS
MAX_ASC_VALUE = 200

Row = tuple[str, str, float, int, str]  # recipient_iso3, category, value_usd_m, year_signed, system


@dataclass(frozen=True)
class NamedDeals:
    """A set of hypothetical deals kept under a name (hashable: the rows are plain tuples)."""

    name: str
    rows: tuple[Row, ...]

    @classmethod
    def of(cls, name: str, scenario: pd.DataFrame) -> NamedDeals:
        """From a clean what-if table (clean_scenario's rows), in its order; values to the link's 10 digits."""
        rows = tuple(
            (str(r["recipient_iso3"]), str(r["category"]), float(f"{float(r['value_usd_m']):.10g}"),
             int(r["year_signed"]), str(r["system"]))
            for r in scenario.to_dict("records")
        )  # fmt: skip
        return cls(name, rows)

    def frame(self) -> pd.DataFrame:
        """The rows as a what-if table, with the editor's column types."""
        return _typed([dict(zip(_ROW_FIELDS, r, strict=True)) for r in self.rows])

    @property
    def value_usd_m(self) -> float:
        return float(sum(r[2] for r in self.rows))


def normal_name(raw: str) -> str:
    """A typed name as kept: trimmed, runs of spaces made one."""
    return " ".join(str(raw).split()) if raw else ""


def name_problem(raw: str) -> Problem | None:
    """Why a scenario name cannot be kept, or None: the rule every scenario name obeys
    (atlas.core.urlstate.name_problem), with this page's separator and length."""
    found = _name_problem(raw, URL_SEPARATOR, MAX_NAME)
    return None if found is None else Problem(found[0], found[1], prefix="common.name_problem")


def keep_named(kept: tuple[NamedDeals, ...], new: NamedDeals) -> tuple[NamedDeals, ...] | None:
    """The kept scenarios with ``new`` added, or put in the place of the one with its name;
    None when MAX_SCENARIOS are kept already and none has that name (nothing is dropped)."""
    if any(k.name == new.name for k in kept):
        return tuple(new if k.name == new.name else k for k in kept)
    if len(kept) >= MAX_SCENARIOS:
        return None
    return (*kept, new)


def encode_named(kept: Sequence[NamedDeals]) -> list[str]:
    """The ``asc`` values: one per deal, the scenario's name first (name~ISO3~category~value~year~system)."""
    out: list[str] = []
    for k in kept:
        out += [ASC_FORMAT.write(k.name + URL_SEPARATOR + row) for row in _rows_text(k.frame())]
    return out


@dataclass(frozen=True)
class LinkedNamed:
    scenarios: tuple[NamedDeals, ...]
    rejected: bool  # a value was invalid, a scenario too large, or there were too many


def decode_named(raw: Sequence[str], known_iso3: Iterable[str]) -> LinkedNamed:
    """The kept scenarios a link's ``asc`` values describe, in the order their names first appear.

    A scenario with any value that cannot be read is left out whole (a part of it would be a
    different scenario), as is one beyond MAX_SCENARIOS or with more than MAX_SCENARIO_ROWS deals.
    """
    if not raw:
        return LinkedNamed((), False)
    known = set(known_iso3)
    limit = MAX_SCENARIOS * MAX_SCENARIO_ROWS
    rejected = len(raw) > limit
    rows: dict[str, list[Row]] = {}
    broken: set[str] = set()
    for value in raw[:limit]:
        item = ASC_FORMAT.read(str(value)).value
        if item is None:
            rejected = True
            continue
        name, _, rest = item.partition(URL_SEPARATOR)
        good_name = name_problem(name) is None and name == normal_name(name)
        if len(str(item)) > MAX_ASC_VALUE or not rest or not good_name:
            rejected = True
            if good_name:
                broken.add(name)
            continue
        linked = _rows_from_text([rest], known)
        if linked.rejected or linked.rows.empty:
            rejected = True
            broken.add(name)
            continue
        rows.setdefault(name, []).extend(NamedDeals.of(name, linked.rows).rows)
    kept: list[NamedDeals] = []
    for name, deals in rows.items():
        if name in broken or len(deals) > MAX_SCENARIO_ROWS or len(kept) >= MAX_SCENARIOS:
            rejected = True
            continue
        kept.append(NamedDeals(name, tuple(deals)))
    return LinkedNamed(tuple(kept), rejected)


def named_years(kept: Sequence[NamedDeals]) -> tuple[int, ...]:
    """The years the kept scenarios' deals are signed in (the Years filter must reach them too)."""
    return tuple(sorted({r[3] for k in kept for r in k.rows}))


COMPARE_COLUMNS = ["name", "recipient_iso3", "recorded_usd_m", "hypothetical_usd_m", "with_scenario_usd_m",
                   "hypothetical_deals"]  # fmt: skip


def _recorded_by_recipient(real: pd.DataFrame) -> pd.Series:
    if real.empty:
        return pd.Series(dtype=float)
    counted = pd.to_numeric(real["counted_usd_m"], errors="coerce").astype(float).fillna(0.0)
    return counted.groupby(real["recipient_iso3"].astype(str)).sum()


def compare_named(real: pd.DataFrame, kept: Sequence[NamedDeals], f: Filters) -> pd.DataFrame:
    """Per kept scenario and recipient it adds to inside the filters: the recorded value, what the
    scenario adds and the two together (codes only; one row per pair, scenarios in kept order).

    ``real``: the real deals inside the filters (model.filter_deals), counted as the page counts them.
    Recipients follow each scenario's first deal for them.
    """
    recorded = _recorded_by_recipient(real)
    out = []
    for k in kept:
        rows = filter_scenario(k.frame(), f)
        if rows.empty:
            continue
        values = rows["value_usd_m"].astype(float)
        added = values.groupby(rows["recipient_iso3"].astype(str), sort=False).agg(["sum", "count"])
        for iso3, (value, n) in added.iterrows():
            base = float(recorded.get(iso3, 0.0))
            out.append([k.name, str(iso3), base, float(value), base + float(value), int(n)])
    return pd.DataFrame(out, columns=COMPARE_COLUMNS)


TOTALS_COLUMNS = ["name", "recorded_usd_m", "hypothetical_usd_m", "with_scenario_usd_m", "hypothetical_deals",
                  "deals_outside"]  # fmt: skip


def named_totals(real: pd.DataFrame, kept: Sequence[NamedDeals], f: Filters) -> pd.DataFrame:
    """Per kept scenario: the whole view's recorded value, what the scenario adds inside the filters,
    the two together, its deals inside the filters and those left out by the filters."""
    recorded = float(_recorded_by_recipient(real).sum())
    out = []
    for k in kept:
        rows = filter_scenario(k.frame(), f)
        added = float(rows["value_usd_m"].astype(float).sum()) if not rows.empty else 0.0
        out.append([k.name, recorded, added, recorded + added, len(rows), len(k.rows) - len(rows)])
    return pd.DataFrame(out, columns=TOTALS_COLUMNS)
