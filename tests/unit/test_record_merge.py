"""The one merge of the UN Digital Library's voting data into the Council record (atlas/votes/record_merge.py).

The tool (tools/update_unsc_from_undl.py, tested in test_undl.py) and the Sources page's upload both
call it; these tests pin what it does with curated, compiled and missing rows, and that the page's
path (loaded frames turned back into text rows) merges exactly as the tool's (the CSV rows) does.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from atlas.core import data
from atlas.votes import record_merge as rm
from atlas.votes import undl

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SAMPLE = Path(__file__).parent / "fixtures" / "undl_votes_sample.csv"
MISSING = "S-RES-984-1995"  # in the sample and in the record: removed from a copy so that it is added
COLUMNS = list(data.SPECS["unsc_decisions"].columns)
MEMBERS_2024 = ("CHN", "DZA", "ECU", "FRA", "GBR", "GUY", "JPN", "KOR", "MLT", "MOZ", "RUS", "SLE", "CHE", "SVN", "USA")


def _groups() -> dict[str, list[undl.UndlVote]]:
    return undl.by_resolution(undl.parse(SAMPLE.read_text(encoding="utf-8")))


def _record(compiled_from: str, russia: str = "A") -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A one-decision record holding resolution 2756 (2024) as the UN recorded it, but for Russia's vote."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        decision_id="S-RES-2756-2024",
        date="2024-10-31",
        symbol="S/RES/2756(2024)",
        topic="other",
        title="Resolution on Western Sahara (MINURSO)",
        outcome="adopted",
        procedural="false",
        yes="12",
        no="0",
        abstain="2",
        source_url="https://undocs.org/en/S/RES/2756(2024)",
        compiled_from=compiled_from,
    )
    cast = {m: "Y" for m in MEMBERS_2024} | {"DZA": "X", "MOZ": "A", "RUS": russia}
    return [row], [{"decision_id": row["decision_id"], "member_iso3": m, "vote": v} for m, v in sorted(cast.items())]


MEMBERSHIP = [{"year": "2024", "member_iso3": m} for m in MEMBERS_2024]
RULES = rm.read_rules(DATA / "unsc_topic_rules.csv")


def _merge(decisions: list[dict[str, str]], votes: list[dict[str, str]]) -> rm.Merged:
    return rm.merge(_groups(), decisions, votes, MEMBERSHIP, RULES, "undl.csv", COLUMNS)


def test_a_curated_row_that_disagrees_is_reported_and_kept_as_it_is() -> None:
    decisions, votes = _record("curated", russia="N")
    merged = _merge(decisions, votes)
    assert merged.disagreements == ["S-RES-2756-2024 (curated, kept): RUS ours N, UNDL A"]
    assert merged.added == [] and merged.changed == []
    assert merged.decisions == decisions and merged.votes == votes  # nothing of the file applied
    assert decisions[0]["checked_against"] == ""  # the caller's rows are not changed either


def test_a_curated_row_that_agrees_is_not_reported() -> None:
    merged = _merge(*_record("curated"))
    assert merged.disagreements == [] and merged.changed == []


def test_a_compiled_row_takes_the_librarys_votes_and_is_marked_checked() -> None:
    decisions, votes = _record("oliverunv/Voting-Agent@50cbeca:data/sc_voting.xlsx#1", russia="N")
    merged = _merge(decisions, votes)
    assert merged.changed == ["S/RES/2756(2024)"] and merged.disagreements == []
    (row,) = merged.decisions
    assert (row["checked_against"], row["meeting_record"], row["source_tier"]) == (
        "https://digitallibrary.un.org/record/4066077",
        "S/PV.9771",
        "official",
    )
    assert {v["member_iso3"]: v["vote"] for v in merged.votes}["RUS"] == "A"
    again = _merge(merged.decisions, merged.votes)
    assert again.changed == [] and again.decisions == merged.decisions and again.votes == merged.votes


def test_a_missing_resolution_is_added_by_rule_and_other_years_are_left_out() -> None:
    merged = _merge([], [])
    assert merged.added == ["S/RES/2756(2024)"] and merged.resolutions == 3
    assert merged.left_out == [
        "S/RES/984(1995): left out, its voters are not the 1995 Council in unsc_membership.csv",
        "S/RES/2270(2016): left out, its voters are not the 2016 Council in unsc_membership.csv",
    ]
    (row,) = merged.decisions
    assert (row["topic"], row["region"], row["draft_symbol"]) == ("other", "africa", "S/2024/777")
    assert row["compiled_from"] == "undl:undl.csv#S/RES/2756(2024)"
    assert len(merged.votes) == 15


def test_the_pages_path_merges_exactly_as_the_tools_path() -> None:
    """rows_of(loaded frame) must give the text the CSV holds, or the page would report changes the tool does not."""
    for name in ("unsc_decisions", "unsc_votes", "unsc_membership"):
        assert rm.rows_of(data.load(name, DATA)) == rm.read_csv(DATA / data.SPECS[name].file), name
    # The sample's 1995 resolution is taken out of the record first, so that both paths add it.
    shipped = {n: data.load(n, DATA) for n in ("unsc_decisions", "unsc_votes", "unsc_membership", "countries")}
    for n in ("unsc_decisions", "unsc_votes"):
        shipped[n] = shipped[n][shipped[n]["decision_id"] != MISSING].reset_index(drop=True)
    page = rm.compare(SAMPLE.read_bytes(), "undl.csv", shipped, RULES)
    decisions, votes, membership = (
        [r for r in rm.read_csv(DATA / f) if r.get("decision_id") != MISSING]
        for f in ("unsc_decisions.csv", "unsc_votes.csv", "unsc_membership.csv")
    )
    tool = rm.merge(_groups(), decisions, votes, membership, RULES, "undl.csv", COLUMNS)
    assert page.merged == tool
    assert (page.merged.added, page.merged.changed) == (["S/RES/984(1995)"], ["S/RES/2270(2016)", "S/RES/2756(2024)"])
    assert (page.first, page.last, len(page.votes)) == ("1995-04-11", "2024-10-31", 15 * len(page.decisions))
    assert page.decisions.dtypes.to_dict() == shipped["unsc_decisions"].dtypes.to_dict()


def test_a_merged_row_that_breaks_the_contract_is_refused() -> None:
    decisions, votes = _record("curated")
    votes[0]["member_iso3"] = "XXX"
    with pytest.raises(data.DataError, match=r"upload merged into unsc_votes, row 1 .* column 'member_iso3'"):
        data.check_table(
            "unsc_votes",
            votes,
            {
                "unsc_decisions": data.check_table("unsc_decisions", decisions, {}, "upload"),
                "countries": data.load("countries", DATA),
            },
            "upload merged into unsc_votes",
        )


# ---------------------------------------------------------------- reading an upload as a bounded stream
def test_a_gzipped_file_reads_as_the_plain_one() -> None:
    plain = list(undl.lines_of(SAMPLE.read_bytes()))
    assert list(undl.lines_of(gzip.compress(SAMPLE.read_bytes()))) == plain
    assert len(plain) == 46


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"undl_id,ms_code\n" + b"x" * 200 + b"\n", "line 2: longer than 100 bytes; not a UNDL voting data line"),
        (b"undl_id\n" + b"1,2\n" * 300, "line 225: the text runs past 900 bytes; larger than any UNDL export"),
        (b"undl_id,ms_name\n1,C\xf4te\n", "line 2: not UTF-8 text (byte 0xf4); save the file as UTF-8 CSV"),
        (
            gzip.compress(b"undl_id\n" * 50, mtime=0)[:-12],  # no timestamp: the same test id on every worker
            "a damaged gzip file (Compressed file ended before the end-of-stream marker was reached)",
        ),
    ],
    ids=["long-line", "too-much-text", "not-utf8", "damaged-gzip"],
)
def test_an_upload_is_bounded_by_what_it_inflates_to(content: bytes, message: str) -> None:
    with pytest.raises(undl.UndlError) as err:
        list(undl.lines_of(content, max_text=900, max_line=100))
    assert str(err.value) == message


def test_a_gzip_bomb_stops_at_the_text_bound() -> None:
    bomb = gzip.compress(b"undl_id\n" + b"1\n" * 5_000_000)  # 10 MB of text in about 10 kB
    assert len(bomb) < 50_000
    with pytest.raises(undl.UndlError, match="the text runs past 1 MB"):
        list(undl.lines_of(bomb, max_text=1024 * 1024))
