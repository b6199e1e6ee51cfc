"""README's table of URL parameters lists exactly the keys each page's view state reads."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

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
