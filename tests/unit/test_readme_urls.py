"""README's table of URL parameters lists exactly the keys each page's view state reads."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from atlas.core.pages import AREA_OF_PAGE

ROOT = Path(__file__).resolve().parents[2]


def readme_keys() -> dict[str, set[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("### URL parameters", 1)[1].split("\n## ", 1)[0]
    keys: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[1].startswith("`"):
            continue
        pages = ["overview" if p == "/" else p.strip("/") for p in re.findall(r"`([^`]+)`", cells[0])]
        if cells[0] == "every page":
            pages = list(AREA_OF_PAGE)
        for page in pages:
            keys.setdefault(page, set()).update(re.findall(r"`([^`]+)`", cells[1]))
    return keys


def state_keys(page: str) -> set[str]:
    module = importlib.import_module(f"atlas.{AREA_OF_PAGE[page]}.state")
    return set(module.URL_KEYS)


def test_readme_lists_every_key_of_every_page() -> None:
    documented = readme_keys()
    for page in AREA_OF_PAGE:
        expected = state_keys(page) | {"lang", "b"}  # b: the briefing being built rides on every page
        assert documented.get(page, set()) == expected, (page, sorted(documented.get(page, set()) ^ expected))


def test_the_parser_reads_the_table() -> None:
    documented = readme_keys()
    assert "years" in documented["arms_exports"] and "lang" in documented["overview"]


def readme_examples() -> list[tuple[str, str, str]]:
    """(page, key, example query) for every row of the README's table, per page it names."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("### URL parameters", 1)[1].split("\n## ", 1)[0]
    rows: list[tuple[str, str, str]] = []
    for line in table.splitlines():
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
        if len(cells) < 4 or not cells[1].startswith("`") or cells[0] == "every page":
            continue
        example = re.findall(r"`\?([^`]+)`", cells[-1])
        pages = ["overview" if p == "/" else p.strip("/") for p in re.findall(r"`([^`]+)`", cells[0])]
        rows += [(page, cells[1], example[0]) for page in pages if example]
    return rows


# The briefing's example is a placeholder payload (`b=v1.eJy...`); its codec has its own round-trip tests.
EXAMPLES = [row for row in readme_examples() if row[0] != "briefing"]


def test_every_documented_key_has_an_example() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    every_page = set(re.findall(r"`([^`]+)`", "".join(re.findall(r"^\| every page \| ([^|]*)\|", text, flags=re.M))))
    assert "lang" in every_page  # the keys every page shares have their own tests (language, briefing codec)
    documented = {(page, key) for page, keys in readme_keys().items() for key in keys if key not in every_page}
    with_example = {(page, key) for page, cell, _ in readme_examples() for key in re.findall(r"`([^`]+)`", cell)}
    assert documented <= with_example, sorted(documented - with_example)


def _example_params(query: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(query, keep_blank_values=True)


@pytest.mark.parametrize(("page", "cell", "query"), EXAMPLES, ids=[f"{p}-{q}"[:60] for p, _, q in EXAMPLES])
def test_each_readme_example_is_a_non_default_view_that_round_trips(page: str, cell: str, query: str) -> None:
    """Every link the README shows opens a view other than the default, and survives being written back."""
    from atlas.core.figure import Datasets

    module = importlib.import_module(f"atlas.{AREA_OF_PAGE[page]}.state")
    data = Datasets()
    default, _ = module.State.from_query({}, data)
    state, rejected = module.State.from_query(_example_params(query), data)
    assert rejected == (), (query, rejected)
    assert state != default, f"{query} opens the default view"
    again, rejected_again = module.State.from_query(state.to_query(), data)
    assert again == state and rejected_again == ()
