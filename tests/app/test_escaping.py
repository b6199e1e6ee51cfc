"""Text from a link, an upload or a data file is shown as text on every area page: no link, image, HTML or
formula comes out of it.

Every text column of every data file (and the catalogue's descriptions), the scenario names and what-if
systems a link carries, a typed search and an uploaded what-if table's cells are filled with Markdown, HTML
and `$...$`; each area page is rendered in AppTest and every string the browser would read as Markdown
(bodies of markdown, captions, headings and alerts; labels and help of widgets, metrics and expanders;
radio options; st.table cells) is checked for a live construct built from them.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from atlas.core import data
from tests.support.apptest import all_text, open_page, run

EVIL = "evil.example"
# Each piece is something Streamlit's Markdown would turn into a link, an image, HTML or a formula.
TEXT = f" [x](https://{EVIL}/l) ![i](https://{EVIL}/i.png) <b>h</b> $x^2$ www.{EVIL} $120.23 bn (current US$)"
NAMES = (f"[x](https://{EVIL}) $x^2$", f"![i](https://{EVIL}/i.png)", f"<b>h</b> www.{EVIL}")  # <= 32 characters

# The Markdown-bearing fields of Streamlit's element protos (a metric's value and a selectbox's options are text).
_MD_FIELDS = {"body", "label", "help", "captions", "content"}
_PLAIN_BODY = {"Metric", "Text", "Code", "Exception"}


def _live(text: str) -> list[str]:
    """The live constructs in Markdown source: what is left once every backslash-escaped character is removed."""
    bare = re.sub(r"\\.", "", text, flags=re.DOTALL).lower()  # codes are upper-cased: EVIL.EXAMPLE counts
    found = []
    if re.search(r"\]\(<?[^)\s]*" + re.escape(EVIL), bare):
        found.append("link")
    if "![" in bare:
        found.append("image")
    if re.search(r"<[A-Za-z/!?]", re.sub(r"\]\(<[^>\n]*>\)", "](", bare)):  # not a link's <destination>
        found.append("html")
    if re.search(r"https?://" + re.escape(EVIL) + "|www\\." + re.escape(EVIL), bare):
        found.append("autolink")
    if re.search(r"\$[^$]*\$", bare):
        found.append("formula")
    return found


def _strings(proto, field: str = "") -> Iterator[str]:  # noqa: ANN001
    for descriptor, value in proto.ListFields():
        name = descriptor.name
        if descriptor.type == descriptor.TYPE_MESSAGE:
            for item in value if descriptor.is_repeated else [value]:
                yield from _strings(item, name)
        elif descriptor.type == descriptor.TYPE_STRING and (
            name in _MD_FIELDS or (name == "options" and field == "radio")
        ):
            if name == "body" and type(proto).__name__ in _PLAIN_BODY:
                continue
            yield from (value if descriptor.is_repeated else [value])


def markdown_shown(at: AppTest) -> list[tuple[str, str]]:
    """(element type, Markdown source) for everything on the page the browser renders as Markdown."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:  # noqa: ANN001
        proto = getattr(node, "proto", None)
        if proto is not None:
            kind = type(proto).__name__
            if kind == "Html":  # our own stylesheets (st.html): nothing from outside may reach one
                out.extend(("Html", f"<{EVIL}>") for _ in range(proto.body.count(EVIL) + proto.body.count("x^2")))
            else:
                out.extend((kind, s) for s in _strings(proto, "radio" if kind == "Radio" else ""))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for table in at.table:
        frame = table.value
        out.extend(("Table", str(v)) for v in [*frame.columns, *frame.to_numpy().ravel().tolist()])
    return out


def _around(text: str) -> str:
    at = max(text.find("evil"), text.find("x^2"), 0)
    return text[max(at - 100, 0) : at + 60]


def assert_nothing_live(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]
    live = [(kind, _around(text), found) for kind, text in markdown_shown(at) if (found := _live(text))]
    assert not live, live


# ---------------------------------------------------------------- the detector itself
def test_the_detector_finds_what_an_unescaped_string_would_render() -> None:
    from atlas.i18n import escape_markdown

    assert set(_live(TEXT)) == {"link", "image", "html", "autolink", "formula"}
    assert _live(escape_markdown(TEXT)) == []
    assert _live("US$ 5 and US$ 6") == ["formula"]
    assert _live("[Yonhap](https://www.yna.co.kr/view/1)") == []  # our own source links stay links


# ---------------------------------------------------------------- hostile data, links and uploads
def _poison(value: object) -> object:
    return value if pd.isna(value) else f"{value}{TEXT}"  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data with TEXT appended to every free-text cell and to the catalogue's descriptions."""
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(data.DATA_DIR, folder)
    for spec in data.SPECS.values():
        path = folder / spec.file
        if not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        free = [c for c, col in spec.columns.items() if col.kind == "str" and not col.checks and c in frame]
        free += [c for c in ("notes", "source_title") if c in frame and c not in free]
        for column in free:
            frame[column] = frame[column].map(_poison)
        if spec.file == "events.csv":  # a link to no deal: dropped, and the warning quotes it
            frame.loc[0, "deal_id"] = f"[X](HTTPS://{EVIL}/L) $X^2$"
        buffer = StringIO()
        frame.to_csv(buffer, index=False)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    catalog = (folder / "catalog.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(catalog)
    for entry in raw["dataset"]:
        for key in ("covers_en", "covers_ko", "source", "source_ko", "licence", "licence_ko"):
            if key in entry:
                old = f'{key} = "{entry[key]}"'
                catalog = catalog.replace(old, f'{key} = "{entry[key]}{TEXT.replace(chr(92), "")}"', 1)
    (folder / "catalog.toml").write_text(catalog, encoding="utf-8")
    for name in data.available(folder):  # still valid files: the pages must show them, not refuse them
        data.load(name, folder)
    return folder


@pytest.fixture
def hostile(hostile_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    # Every loader and cache reads the data folder, and keys on its files' versions, at call time.
    monkeypatch.setattr(data, "DATA_DIR", hostile_dir)
    yield hostile_dir


ASC = [f"{name}~POL~armour~100~2030~K2" for name in NAMES]
WI = [f"VNM~aircraft~500~2030~{TEXT.strip()[:110]}"]
SC = [f"KOR|3.5|2035|4|{name}" for name in NAMES]


@pytest.mark.usefixtures("hostile")
@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("overview", {}),
        ("arms_exports", {"asc": ASC, "wi": WI, "deal": []}),
        ("unsc_votes", {"section": "decisions"}),
        ("unsc_votes", {"section": "vetoes"}),
        ("unsc_votes", {"section": "whatif"}),
        ("unsc_votes", {"section": "agreement"}),
        ("defense_spending", {"sc": SC}),
        ("events", {}),
        ("sources", {}),
        ("overview", {"lang": "ko"}),
        ("arms_exports", {"asc": ASC, "wi": WI, "lang": "ko"}),
        ("defense_spending", {"sc": SC, "lang": "ko"}),
        ("events", {"lang": "ko"}),
    ],
    ids=lambda v: (
        v if isinstance(v, str) else "-".join(f"{k}={v[k]}" if k in ("lang", "section") else k for k in v) or "default"
    ),
)
def test_every_area_page_shows_hostile_text_as_text(page: str, params: dict[str, list[str] | str]) -> None:
    params = dict(params)
    lang = str(params.pop("lang", "")) or None
    if page == "arms_exports":
        params = {**params, "deal": [str(data.load("arms_exports")["deal_id"].iloc[0])]}
    at = open_page(page, {k: v for k, v in params.items() if v}, lang=lang)
    assert_nothing_live(at)
    # The hostile text reached the page (escaped, or in a table), so the check above means something.
    assert EVIL in all_text(at).replace("\\", "") or any(EVIL in str(d.value.to_numpy()) for d in at.dataframe)


@pytest.mark.usefixtures("hostile")
def test_a_typed_search_and_an_empty_result_show_the_search_as_text() -> None:
    at = open_page("events")
    at.text_input(key="q").set_value(f"{NAMES[0]} nothing matches").run()
    assert_nothing_live(at)


@pytest.mark.usefixtures("hostile")
def test_an_uploaded_what_if_table_and_its_refusal_show_cells_as_text() -> None:
    at = open_page("arms_exports")
    good = f"recipient_iso3,system,category,value_usd_m,year_signed\nPOL,{NAMES[0]},armour,100,2030\n"
    at.file_uploader(key="arms_upload").upload("ok.csv", good.encode(), "text/csv")
    assert_nothing_live(run(at))
    bad = f"recipient_iso3,system,category,value_usd_m,year_signed\nPOL,K2,armour,`{NAMES[1]}`,2030\n"
    at.file_uploader(key="arms_upload").upload("bad.csv", bad.encode(), "text/csv")
    at = run(at)
    assert at.error
    assert_nothing_live(at)


def test_one_escaping_helper() -> None:
    """atlas.i18n.escape_markdown is the only one: no module defines or re-exports another."""
    import ast

    root = Path(__file__).resolve().parents[2] / "atlas"
    others = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and "escape" in node.name and path.parent.name != "i18n":
                others.append(f"{path.relative_to(root)}: def {node.name}")
            if isinstance(node, ast.ImportFrom) and any(
                a.name == "escape_markdown" and a.asname == "escape_markdown" for a in node.names
            ):
                others.append(f"{path.relative_to(root)}: re-exports escape_markdown")
        if path.name == "__init__.py" and path.parent.name != "i18n" and '"escape_markdown"' in path.read_text():
            others.append(f"{path.relative_to(root)}: lists escape_markdown in __all__")
    assert not others, others
