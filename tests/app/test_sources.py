"""The Sources page in a running app: the catalogue, rows per tier, and "Use a newer file"."""

from __future__ import annotations

from atlas.i18n import t
from tests.support.apptest import open_page
from tests.support.spy import count_calls


def test_sources_page_shows_the_catalogue_and_the_tier_table() -> None:
    at = open_page("sources")
    frames = [d.value for d in at.dataframe]
    tiers = next(f for f in frames if "Not graded" in f.columns)
    assert "data/defense_spending.csv" in set(tiers["File"])
    assert (
        tiers["All rows"] == tiers[["Official", "Wire or major outlet", "Secondary", "Not graded"]].sum(axis=1)
    ).all()
    assert any("What it covers" in f.columns for f in frames)


def test_sources_page_lists_both_sides_of_sipri_register_with_csv_downloads() -> None:
    at = open_page("sources")
    frames = [d.value for d in at.dataframe]
    theirs = next(f for f in frames if "SIPRI's comment" in f.columns)
    ours = next(f for f in frames if "Why not linked" in f.columns)
    assert len(theirs) > 0 and len(ours) > 0
    assert "POL-2025-K2-EC2" in set(ours["Deal"])  # signed after SIPRI's end-2024 data
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the register orders not in our list (CSV)" in labels
    assert "Download our deals not in the register (CSV)" in labels


def test_sources_page_in_korean() -> None:
    at = open_page("sources", lang="ko")
    frames = [d.value for d in at.dataframe]
    assert any("미분류" in f.columns for f in frames)


# ---------------------------------------------------------------- "Use a newer file"
import json  # noqa: E402
from collections.abc import Callable  # noqa: E402

from atlas.sources.sipri_milex import WorkbookError  # noqa: E402
from tests.support.apptest import chart_specs, metrics, page_path, run, shown, warnings  # noqa: E402
from tests.unit.fixtures.sipri import bombs  # noqa: E402
from tests.unit.fixtures.sipri import milex as fx  # noqa: E402

WORKBOOK = "SIPRI-Milex-data-1949-2025.xlsx"
SHOWN = WORKBOOK  # warnings() gives what a reader sees of the escaped sidebar marker
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shows_2025(at) -> bool:
    """Whether the spending page shows the workbook's new year: in a metric, or in a table behind a chart.

    The fixture workbook adds 2025 (South Korea 2.71% of GDP), which the shipped data lacks."""
    shown = [f"{label} {value}" for label, value in metrics(at).items()]
    for frame in (d.value for d in at.dataframe):
        shown += [" ".join(str(v) for v in row) for row in frame.astype(str).itertuples(index=False)]
    return any("2025" in text and "2.71" in text for text in shown)


def _upload(at, content: bytes, name: str = WORKBOOK):
    at.get("file_uploader")[0].upload(name, content, XLSX)
    return run(at)


def test_upload_shows_the_diff_then_the_spending_page_uses_it_in_this_session_only() -> None:
    at = _upload(open_page("sources"), fx.workbook())
    diff = next(d.value for d in at.dataframe if "In the new file" in d.value.columns)
    assert set(zip(diff["Country"], diff["Year"], diff["Figure"])) >= {
        ("South Korea", 2025, "Share of GDP (%)"),
        ("South Korea", 2024, "Share of GDP (%)"),
        ("Japan", 2024, "Current US$ m"),
    }
    row = diff[(diff["Country"] == "South Korea") & (diff["Year"] == 2024)].iloc[0]
    assert (row["Shipped"], row["In the new file"]) == (2.56, 2.65)
    assert {m.label: m.value for m in at.metric}["New country-years"] == "2"
    at.button(key="sipri-use").click()
    run(at)
    assert any(SHOWN in w for w in warnings(at))  # the sidebar marker
    at.switch_page(page_path("defense_spending"))
    run(at)
    assert _shows_2025(at)
    assert any(SHOWN in w for w in warnings(at))

    other = open_page("defense_spending")  # a second session
    assert not _shows_2025(other)
    assert not any(SHOWN in w for w in warnings(other))


def test_a_malformed_file_gets_a_message_and_the_session_keeps_its_data() -> None:
    at = _upload(open_page("sources"), fx.workbook(sheet_names=("GDP share", "Current dollars")))
    (refused,) = at.error
    assert shown(refused.value).startswith(f"{WORKBOOK} cannot be used.")  # names the file it is about
    assert "Expected the sheets 'Share of GDP' and 'Current US$'" in shown(refused.value)
    assert "$" not in refused.value.replace("\\$", "")  # shown as text: no formula from the file's sheet names
    assert "sipri-use" not in [b.key for b in at.button]
    assert not any(SHOWN in w for w in warnings(at))
    at.switch_page(page_path("defense_spending"))
    run(at)
    assert not _shows_2025(at)


def test_a_bad_file_after_a_good_one_leaves_the_session_on_the_good_one() -> None:
    at = _upload(open_page("sources"), fx.workbook())
    at.button(key="sipri-use").click()
    run(at)
    at = _upload(at, b"not a workbook", "notes.xlsx")
    assert any("notes.xlsx cannot be used. This file is not an Excel workbook." in shown(e.value) for e in at.error)
    at.switch_page(page_path("defense_spending"))
    run(at)
    assert _shows_2025(at)


def test_the_message_is_in_korean_for_a_korean_reader() -> None:
    at = _upload(open_page("sources", lang="ko"), fx.workbook(shares_as="percent"))
    assert any("백분율" in e.value for e in at.error)


def test_the_way_back_restores_the_shipped_data() -> None:
    at = _upload(open_page("sources"), fx.workbook())
    at.button(key="sipri-use").click()
    run(at)
    at.button(key="session-data-back").click()
    run(at)
    at.switch_page(page_path("defense_spending"))
    run(at)
    assert not _shows_2025(at)
    json.dumps(chart_specs(at))  # the page still draws


def test_a_workbook_bomb_is_refused_in_plain_text_never_called_valid() -> None:
    at = _upload(open_page("sources"), bombs.zip_bomb(100), "bomb.xlsx")
    message = WorkbookError("part_too_large", part="xl/worksheets/sheet1.xml", size="100.0", limit="4.0").message("en")
    assert [shown(e.value) for e in at.error] == [f"bomb.xlsx cannot be used. {message}"]
    assert not at.success  # no "... is a SIPRI Military Expenditure workbook"
    assert "sipri-use" not in [b.key for b in at.button]
    at = _upload(at, bombs.many_rows(100_000), "rows.xlsx")
    too_many = WorkbookError("too_many_rows", sheet="Share of GDP", limit=1000).message("en")
    assert [shown(e.value) for e in at.error] == [f"rows.xlsx cannot be used. {too_many}"]
    assert not at.success


def _with_philippines(book) -> None:
    """SIPRI's row for a country the shipped data lacks (synthetic figures)."""
    for name, value in (("Share of GDP", 0.0125), ("Current US$", 6378.8)):
        book[name].append(["Philippines", None, *(value if year >= 2000 else "..." for year in fx.YEARS)])


def test_an_uploaded_workbook_brings_every_country_it_has_to_this_session() -> None:
    at = _upload(open_page("sources"), fx.workbook(edit=_with_philippines))
    assert any("Countries the file adds to this session: 1" in c.value for c in at.caption)
    at.button(key="sipri-use").click()
    run(at)
    at.switch_page(page_path("defense_spending"))
    run(at)
    assert "Philippines" in at.multiselect(key="countries").options
    other = open_page("defense_spending")  # a second session keeps the shipped countries
    assert "Philippines" not in other.multiselect(key="countries").options


def test_any_file_reaches_the_page_so_its_verdict_replaces_the_last_one() -> None:
    """The browser refuses no file type (a refused file would leave the last verdict on screen)."""
    at = _upload(open_page("sources"), fx.workbook())
    assert not at.get("file_uploader")[0].proto.type
    at = _upload(at, b"%PDF-1.7", "report.pdf")
    assert [shown(e.value) for e in at.error] == [
        "report.pdf cannot be used. " + t("sources.sipri.not_xlsx", "en")
    ] and not at.success


def test_the_workbook_bytes_leave_the_upload_store_once_read(monkeypatch) -> None:  # noqa: ANN001
    """The parsed comparison is kept for "Use it"; the 1-3 MB file itself is not kept for the session."""
    from atlas.ui import patches as uploads

    read = count_calls(monkeypatch, uploads, "read_once")
    at = _upload(open_page("sources"), fx.workbook())
    assert len(read) == 1
    assert "sipri-use" in [b.key for b in at.button]
    run(at)  # a rerun uses the kept comparison, it does not read the (now empty) file again
    assert len(read) == 1 and "sipri-use" in [b.key for b in at.button]


# ---------------------------------------------------------------- the UN Digital Library's voting data
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from atlas.votes import undl  # noqa: E402

UNDL_FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures"
UNDL_SAMPLE = "undl_votes_sample.csv"
ADDED = "S/RES/2756(2024)"  # the sample's one resolution of a year the fixture's membership holds


def _upload_votes(at, name: str, content: bytes | None = None):
    (uploader,) = [u for u in at.get("file_uploader") if u.key.startswith("undl-upload")]
    path = UNDL_FIXTURES / name if (UNDL_FIXTURES / name).exists() else UNDL_FIXTURES / "undl_bad" / name
    uploader.upload(name, content if content is not None else path.read_bytes(), "text/csv")
    return run(at)


def _symbols_on_the_votes_page(at) -> set[str]:
    at.segmented_control(key="section").set_value("decisions")
    run(at)
    return set(at.dataframe[0].value[t("votes.col.symbol", "en")])


def test_a_undl_file_is_merged_shown_then_used_by_the_votes_page_in_this_session_only() -> None:
    at = _upload_votes(open_page("sources"), UNDL_SAMPLE)
    assert not at.error
    (valid,) = [s for s in at.success if "Security Council voting data" in s.value]
    assert shown(valid.value).startswith(f"{UNDL_SAMPLE} is the UN Digital Library's Security Council voting data: 3 ")
    got = metrics(at)
    assert (got["Resolutions added"], got["Compiled resolutions updated"], got["Resolutions left out"]) == (
        "1",
        "0",
        "2",
    )
    assert any(f"Added: {ADDED}" == shown(c.value) for c in at.caption)
    assert any(undl.CITATION in shown(c.value) for c in at.caption)  # the Library's attribution, with the verdict
    at.button(key="undl-use").click()
    run(at)
    assert any(UNDL_SAMPLE in w for w in warnings(at))  # the sidebar marker, with the way back
    at.switch_page(page_path("unsc_votes"))
    run(at)
    assert any(UNDL_SAMPLE in shown(c.value) and undl.CITATION in shown(c.value) for c in at.caption)
    assert ADDED in _symbols_on_the_votes_page(at)
    credited = [c.value for c in at.caption if c.value.startswith("Source:") and "digitallibrary.un.org" in c.value]
    assert credited and all("United Nations Digital Library" in c for c in credited)  # under the figure with its row

    other = open_page("unsc_votes")  # a second session reads the shipped record
    assert ADDED not in _symbols_on_the_votes_page(other)
    assert not any(UNDL_SAMPLE in w for w in warnings(other))


def test_the_way_back_leaves_the_merged_record() -> None:
    at = _upload_votes(open_page("sources"), UNDL_SAMPLE)
    at.button(key="undl-use").click()
    run(at)
    at.button(key="session-data-back").click()
    run(at)
    at.switch_page(page_path("unsc_votes"))
    run(at)
    assert ADDED not in _symbols_on_the_votes_page(at)


def test_a_bad_undl_file_is_refused_in_plain_text_naming_the_file() -> None:
    at = _upload_votes(open_page("sources"), "bad_vote.csv")
    (refused,) = at.error
    assert shown(refused.value) == (
        "bad_vote.csv cannot be used. line 3, column 'ms_vote': expected one of Y, N, A, X, found 'Yes'"
    )
    assert "undl-use" not in [b.key for b in at.button]
    assert not [s for s in at.success if "Security Council" in s.value]
    marked = (
        (UNDL_FIXTURES / UNDL_SAMPLE)
        .read_bytes()
        .replace(b"ARGENTINA,FALSE,Y,", b"ARGENTINA,FALSE,**Y** [x](http://e.test),")
    )
    at = _upload_votes(at, "marked.csv", marked)
    (refused,) = at.error
    assert shown(refused.value) == (
        "marked.csv cannot be used. line 2, column 'ms_vote': expected one of Y, N, A, X, "
        "found '**Y** [x](http://e.test)'"
    )
    assert "\\*\\*Y\\*\\*" in refused.value and "\\[x\\]" in refused.value  # the file's words as text, not Markdown


def test_the_undl_upload_speaks_korean() -> None:
    at = _upload_votes(open_page("sources", lang="ko"), UNDL_SAMPLE)
    assert metrics(at)[t("sources.undl.added", "ko")] == "1"
    assert t("sources.undl.use", "ko") in [b.proto.label for b in at.button]
    at = _upload_votes(at, "bad_vote.csv")
    assert shown(at.error[0].value).startswith("bad_vote.csv은(는) 사용할 수 없습니다. line 3")


def _council_decisions(at) -> int:
    """The Overview's count of Council decisions ("The data covers 57 Council decisions, ...")."""
    (count,) = [int(m.group(1)) for c in at.caption if (m := re.search(r"covers (\d+) Council decisions", c.value))]
    return count


def test_the_overview_reads_the_merged_record_in_this_session() -> None:
    at = open_page("overview")
    shipped = _council_decisions(at)
    at.switch_page(page_path("sources"))
    at = _upload_votes(run(at), UNDL_SAMPLE)
    at.button(key="undl-use").click()
    run(at)
    at.switch_page(page_path("overview"))
    assert _council_decisions(run(at)) == shipped + 1
    assert _council_decisions(open_page("overview")) == shipped  # another session


def test_a_workbook_whose_parse_outgrows_the_worker_s_memory_is_refused_and_the_session_keeps_its_file(
    monkeypatch,  # noqa: ANN001
) -> None:
    """Uploads are parsed in the upload worker: a parse past its memory limit is a message, not a dead server.
    The stand-in parser unpacks every part whole, as a reader that trusts the zip would."""
    from atlas.ui import parse_worker
    from tests.support import parse_jobs

    at = _upload(open_page("sources"), fx.workbook())
    at.button(key="sipri-use").click()
    run(at)
    monkeypatch.setattr(parse_worker, "MEMORY_MB", 768)
    monkeypatch.setattr("atlas.sources.sipri_milex.compare", parse_jobs.inflate_every_part)
    at = _upload(at, bombs.zip_bomb(600), "bomb.xlsx")
    memory = t("common.upload_worker.memory", "en", mb=768)
    assert [shown(e.value) for e in at.error] == [f"bomb.xlsx cannot be used. {memory}"]
    assert not at.exception and not at.success
    at.switch_page(page_path("defense_spending"))
    run(at)
    assert _shows_2025(at)  # the file this session chose before is still the one it uses


def test_a_voting_file_whose_reader_dies_is_refused_in_the_reader_s_language(monkeypatch) -> None:  # noqa: ANN001
    """The worker that reads the voting file is killed (as by the OS): a message in Korean, the page goes on."""
    from tests.support import parse_jobs

    monkeypatch.setattr("atlas.votes.record_merge.compare", parse_jobs.die)
    at = _upload_votes(open_page("sources", lang="ko"), UNDL_SAMPLE)
    stopped = t("common.upload_worker.stopped", "ko", mb=1024)
    assert [shown(e.value) for e in at.error] == [t("sources.newer.refused", "ko", file=UNDL_SAMPLE, problem=stopped)]
    assert not at.exception and "undl-use" not in [b.key for b in at.button]
    monkeypatch.undo()
    at = _upload_votes(at, UNDL_SAMPLE)  # the same file again: a new worker reads it
    assert metrics(at)[t("sources.undl.added", "ko")] == "1"


# ---------------------------------------------------------------- the files' downloads
def _downloads(monkeypatch) -> dict[str, Callable[[], bytes]]:  # noqa: ANN001
    from atlas import ui

    found: dict[str, Callable[[], bytes]] = {}
    original = ui._download

    def record(build, filename, label, key):  # noqa: ANN001, ANN202
        found[filename] = build
        return original(build, filename, label, key)

    monkeypatch.setattr(ui, "_download", record)
    return found


def test_each_file_downloads_as_its_formula_safe_csv_and_a_sessions_own_file_as_its_own(monkeypatch) -> None:  # noqa: ANN001
    """The bytes come from the load cache (per version of the file), exactly what the typed file gives; a
    session that uses its own workbook downloads that, and other sessions still the shipped file."""
    from atlas.core import data
    from atlas.core.export import to_safe_csv

    present = data.available()
    shipped = {e.file: to_safe_csv(data.load(e.dataset)) for e in data.load_catalog() if e.dataset in present}
    builds = _downloads(monkeypatch)
    at = open_page("sources")
    assert {name: build() for name, build in builds.items() if name in shipped} == shipped

    at = _upload(at, fx.workbook())
    at.button(key="sipri-use").click()
    run(at)
    builds.clear()
    run(at)
    own = builds["defense_spending.csv"]()
    assert own != shipped["defense_spending.csv"] and b"2.71" in own  # the workbook's 2025
    builds.clear()
    open_page("sources")  # a second session
    assert builds["defense_spending.csv"]() == shipped["defense_spending.csv"]


def test_the_print_copies_kept_with_the_figures_are_the_ones_print_frame_makes() -> None:
    """The catalogue's and the register lists' print copies are made once with the figures: the same rows,
    headers and links as a copy made on the page."""
    from atlas.core.figure import Datasets
    from atlas.sources import figures as figs
    from atlas.sources.view import _register_layout
    from atlas.ui import printing

    at = open_page("sources")
    shown = [(list(tb.value.columns), tb.value.astype(str).values.tolist()) for tb in at.table]
    found = figs.register_figures(Datasets(), "en")
    assert found
    for fig in found:
        paper = printing.print_frame(fig.table, *_register_layout(fig))
        assert (list(paper.columns), paper.astype(str).values.tolist()) in shown, fig.id
