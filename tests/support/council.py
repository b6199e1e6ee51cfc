"""A synthetic Security Council record the size of the real one (about 2,000 decisions 1994-2026,
30,000 votes, fifteen members a year), for tests and timings at scale.

    from tests.support.council import write_record; data_dir = write_record(tmp_path)

Deterministic (one seed). Membership has the shape of the real Council: the five permanent members
and ten elected members on two-year terms, five replaced each year; South Korea sits in 1996-1997,
2013-2014 and 2024-2025 as it did. Most decisions are unanimous, as most Council decisions are;
outcomes follow Article 27 from the votes (atlas.votes.model.decide), so the files pass the
project's own checks. The optional columns the full import adds (agenda, region, compiled_from,
checked_against) are written when asked, and about half the Korean titles are left empty.
Nothing here is real data: titles say "Synthetic".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
PERMANENT = ("CHN", "FRA", "GBR", "RUS", "USA")
KOREA_TERMS = ((1996, 1997), (2013, 2014), (2024, 2025))
FIRST, LAST = 1994, 2026
TOPICS = ("ukraine", "dprk", "israel_gaza", "syria", "other")


def membership(rng: np.random.Generator, pool: list[str]) -> pd.DataFrame:
    """year, member_iso3, seat for FIRST..LAST: two cohorts of five elected members, two-year terms."""
    korea_starts = {start for start, _ in KOREA_TERMS}
    seated: dict[int, set[str]] = {y: set() for y in range(FIRST - 1, LAST + 2)}
    for start in range(FIRST - 1, LAST + 1):
        busy = seated.get(start, set()) | seated.get(start - 1, set())
        chosen = ["KOR"] if start in korea_starts else []
        free = [c for c in pool if c not in busy and c != "KOR"]
        chosen += [str(c) for c in rng.choice(free, size=5 - len(chosen), replace=False)]
        for year in (start, start + 1):
            seated.setdefault(year, set()).update(chosen)
    rows = [(y, m, "permanent") for y in range(FIRST, LAST + 1) for m in PERMANENT]
    rows += [(y, m, "elected") for y in range(FIRST, LAST + 1) for m in sorted(seated[y])]
    return pd.DataFrame(rows, columns=["year", "member_iso3", "seat"])


def record(per_year: int = 61, seed: int = 7, extra_columns: bool = True) -> dict[str, pd.DataFrame]:
    """unsc_decisions, unsc_votes and unsc_membership frames as the CSV files hold them."""
    from atlas.votes.model import decide

    rng = np.random.default_rng(seed)
    countries = pd.read_csv(ROOT / "data" / "countries.csv", dtype=str)
    pool = sorted(set(countries["iso3"]) - set(PERMANENT))
    seats = membership(rng, pool)
    council = {int(y): list(g) for y, g in seats.groupby("year")["member_iso3"]}
    decisions: list[dict[str, object]] = []
    votes: list[dict[str, str]] = []
    res_no = 900
    for year in range(FIRST, LAST + 1):
        days = np.sort(rng.choice(pd.date_range(f"{year}-01-02", f"{year}-12-30").to_numpy(), size=per_year))
        for k, day in enumerate(days):
            members = council[year]
            cast = {m: "Y" for m in members}
            if rng.random() < 0.2:  # a contested decision: some abstain, some vote no
                for m in rng.choice(members, size=int(rng.integers(1, 8)), replace=False):
                    cast[str(m)] = str(rng.choice(["A", "N", "N", "X"], p=[0.5, 0.2, 0.2, 0.1]))
            result = decide(cast, procedural=False)
            date = pd.Timestamp(day)
            if result.outcome == "adopted":
                res_no += 1
                symbol, did = f"S/RES/{res_no}({year})", f"S-RES-{res_no}-{year}"
                draft = f"S/{year}/{100 + k}"
            else:
                symbol = draft = f"S/{year}/{100 + k}"
                did = f"S-{year}-{100 + k}"
            n = len(decisions)
            row = {
                "decision_id": did,
                "date": f"{date:%Y-%m-%d}",
                "symbol": symbol,
                "draft_symbol": draft,
                "topic": TOPICS[int(rng.integers(0, len(TOPICS)))],
                "title": f"Synthetic decision {n + 1} on the situation in a region, with a long descriptive title",
                "title_ko": f"합성 결정 {n + 1}" if n % 2 else "",
                "outcome": result.outcome,
                "procedural": "false",
                "meeting_record": f"S/PV.{3300 + n}",
                "yes": result.yes,
                "no": result.no,
                "abstain": result.abstain,
                "source_url": f"https://digitallibrary.un.org/record/{100000 + n}",
                "source_tier": "official",
                "notes": "Synthetic row for tests and timings.",
            }
            if extra_columns:
                row |= {
                    "agenda": "The situation in a region",
                    "region": "asia",
                    "compiled_from": "synthetic",
                    "checked_against": "" if n % 3 else "https://digitallibrary.un.org/",
                }
            decisions.append(row)
            votes += [{"decision_id": did, "member_iso3": m, "vote": v} for m, v in sorted(cast.items())]
    return {
        "unsc_decisions": pd.DataFrame(decisions),
        "unsc_votes": pd.DataFrame(votes),
        "unsc_membership": seats,
    }


def write_record(out: Path, per_year: int = 61, seed: int = 7, extra_columns: bool = True) -> Path:
    """A copy of data/ whose Council files are the synthetic record (event links to decisions blanked)."""
    shutil.copytree(ROOT / "data", out, dirs_exist_ok=True)
    for name, frame in record(per_year, seed, extra_columns).items():
        frame.to_csv(out / f"{name}.csv", index=False)
    events = out / "events.csv"
    if events.exists():
        ev = pd.read_csv(events, dtype=str, keep_default_na=False)
        ev["decision_id"] = ""
        ev.to_csv(events, index=False)
    return out
