"""Write data/us_price_index.csv: the US CPI-U annual averages that deflate US$ to constant dollars.

Source: the US Bureau of Labor Statistics series CUUR0000SA0 (CPI for All Urban Consumers, U.S. city
average, all items, not seasonally adjusted), annual average (BLS period M13), as shipped inside the
`cpi` package (its bundled cpi.db; no download). Run once when a new year's average is published:

    pip install cpi==2.1.0 && python tools/build_price_index.py

The app never imports `cpi` (its wheel is 18 MB); it reads the small file this writes.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

FIRST_YEAR = 1997
OUT = Path(__file__).resolve().parents[1] / "data" / "us_price_index.csv"
SOURCE_URL = "https://data.bls.gov/timeseries/CUUR0000SA0"


def rows() -> list[tuple[int, float]]:
    warnings.simplefilter("ignore")  # cpi warns that its data may be stale; we state the year covered
    import cpi

    series = cpi.series.get()  # CUUR0000SA0
    return sorted(
        (i.year, float(i.value))
        for i in series.indexes
        if i.year >= FIRST_YEAR and getattr(i.period, "code", str(i.period)) == "M13"
    )


def main() -> int:
    lines = ["year,cpi_u,source,source_url,source_tier,notes"]
    for year, value in rows():
        lines.append(
            f"{year},{value:.3f},BLS CPI-U (CUUR0000SA0) annual average,{SOURCE_URL},official,"
            "1982-84=100; via the cpi package's bundled BLS data"
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(OUT.parents[1])}: {len(lines) - 1} years")
    return 0


if __name__ == "__main__":
    sys.exit(main())
