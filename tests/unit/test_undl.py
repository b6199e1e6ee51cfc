"""The UN Digital Library voting-data parser and the tool that merges the file into data/.

fixtures/undl_votes_sample.csv is built here in the Library's exact column format: resolutions
984 (1995), 2270 (2016) and 2756 (2024) with their votes as the UN recorded them (2756: Russia and
Mozambique abstaining, Algeria not voting). Its undl_id, draft and undl_link cells are placeholders
shaped like the Library's, not facts to cite. fixtures/undl_bad/ holds one file per failure mode.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.core import data
from atlas.votes import undl

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "undl_votes_sample.csv"
MISSING = "S-RES-984-1995,"  # a resolution of the sample that the tests remove from a copy of the record
BAD = FIXTURES / "undl_bad"
TOOL = ROOT / "tools" / "update_unsc_from_undl.py"


def test_the_sample_parses_into_three_resolutions_of_fifteen_votes() -> None:
    groups = undl.by_resolution(undl.parse(SAMPLE.read_text(encoding="utf-8")))
    assert sorted(groups) == ["S/RES/2270(2016)", "S/RES/2756(2024)", "S/RES/984(1995)"]
    r2756 = {v.member_iso3: v.vote for v in groups["S/RES/2756(2024)"]}
    assert (r2756["DZA"], r2756["RUS"], r2756["MOZ"], r2756["KOR"]) == ("X", "A", "A", "Y")
    first = groups["S/RES/2756(2024)"][0]
    assert (first.date, first.meeting, first.totals) == ("2024-10-31", "S/PV.9771", (12, 0, 2, 1))


def test_the_parser_streams_lines_and_stops_at_the_row_bound() -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(undl.parse(iter(lines)))
    assert first.resolution == "S/RES/984(1995)"
    with pytest.raises(undl.UndlError) as err:
        list(undl.parse(iter(lines), max_rows=20))
    assert str(err.value) == "line 22: more than 20 rows; the file is larger than any UNDL export"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.csv", "the file is empty; expected a header line with undl_id, ms_code, ..."),
        ("missing_column.csv", "line 1: missing column(s) vote_note; is this the UNDL voting data file?"),
        ("bad_vote.csv", "line 3, column 'ms_vote': expected one of Y, N, A, X, found 'Yes'"),
        ("bad_date.csv", "line 2, column 'date': expected a date as YYYY-MM-DD, found '11/04/1995'"),
        (
            "bad_resolution.csv",
            "line 2, column 'resolution': expected a resolution symbol like S/RES/2270 (2016), found '984'",
        ),
        (
            "date_outside_year.csv",
            "line 2, column 'date': 1996-04-11 is not in 1995, the year of S/RES/984 (1995)",
        ),
        ("bad_code.csv", "line 2, column 'ms_code': expected an ISO 3166-1 alpha-3 code, found 'Argentina'"),
        ("bad_total.csv", "line 2, column 'total_yes': expected a whole number from 0 to 15, found 'fifteen'"),
        ("long_cell.csv", "line 2, column 'description': a cell longer than 4000 characters"),
        ("short_row.csv", "line 2: 17 cells, expected 20 (one per column)"),
        ("fourteen_members.csv", "S/RES/984(1995): 14 member rows, expected 15"),
        ("duplicate_member.csv", "S/RES/984(1995): ARG vote(s) more than once"),
        (
            "totals_disagree.csv",
            "S/RES/984(1995): the totals say 15-0-0-0 (yes-no-abstain-non-voting), the member rows count 14-0-1-0",
        ),
    ],
)
def test_each_bad_file_fails_with_its_message(fixture: str, message: str) -> None:
    text = (BAD / fixture).read_text(encoding="utf-8")
    with pytest.raises(undl.UndlError) as err:
        undl.by_resolution(undl.parse(text))
    assert str(err.value) == message


def test_every_failure_mode_has_a_fixture_and_a_test() -> None:
    tested = {p[0] for p in test_each_bad_file_fails_with_its_message.pytestmark[0].args[1]}  # type: ignore[attr-defined]
    assert tested == {p.name for p in BAD.glob("*.csv")}


# ---------------------------------------------------------------- the tool
@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    for name in (
        "countries.csv",
        "unsc_decisions.csv",
        "unsc_votes.csv",
        "unsc_membership.csv",
        "unsc_topic_rules.csv",
    ):
        shutil.copy(ROOT / "data" / name, tmp_path / name)
    for name in ("unsc_decisions.csv", "unsc_votes.csv"):  # the sample's 1995 resolution, as if still missing
        path = tmp_path / name
        kept = [
            line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith(MISSING)
        ]
        path.write_text("".join(kept), encoding="utf-8")
    return tmp_path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, check=False)


def test_the_tool_adds_a_missing_resolution_and_checks_the_compiled_ones(data_dir: Path) -> None:
    before = data.load("unsc_decisions", data_dir)
    assert MISSING.rstrip(",") not in set(before["decision_id"])
    run = _run(str(SAMPLE), "--data", str(data_dir))
    assert run.returncode == 0, run.stderr
    assert "unsc_decisions.csv: 1 added, 2 changed, 0 removed" in run.stdout
    assert "unsc_votes.csv: 15 added, 0 changed, 0 removed" in run.stdout
    after = data.load("unsc_decisions", data_dir).set_index("decision_id")
    added = after.loc["S-RES-984-1995"]
    assert (added["outcome"], added["yes"], added["source_url"]) == (
        "adopted",
        15,
        "https://undocs.org/en/S/RES/984(1995)",
    )
    assert added["compiled_from"] == "undl:undl_votes_sample.csv#S/RES/984(1995)"
    assert after.loc["S-RES-2756-2024", "checked_against"] == "https://digitallibrary.un.org/record/4066077"
    votes = data.load("unsc_votes", data_dir)
    assert len(votes) == 15 * len(after)


def test_a_second_run_changes_nothing(data_dir: Path) -> None:
    assert _run(str(SAMPLE), "--data", str(data_dir)).returncode == 0
    again = _run(str(SAMPLE), "--data", str(data_dir))
    assert "unsc_decisions.csv: 0 added, 0 changed, 0 removed" in again.stdout
    assert "unsc_votes.csv: 0 added, 0 changed, 0 removed" in again.stdout


def test_dry_run_writes_nothing_and_a_bad_file_exits_2(data_dir: Path) -> None:
    before = (data_dir / "unsc_decisions.csv").read_bytes()
    assert _run(str(SAMPLE), "--data", str(data_dir), "--dry-run").returncode == 0
    assert (data_dir / "unsc_decisions.csv").read_bytes() == before
    bad = _run(str(BAD / "bad_vote.csv"), "--data", str(data_dir))
    assert bad.returncode == 2
    assert bad.stderr.strip() == "bad_vote.csv: line 3, column 'ms_vote': expected one of Y, N, A, X, found 'Yes'"
