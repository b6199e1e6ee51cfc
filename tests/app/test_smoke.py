"""Every page registered in the navigation renders without an exception, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.ui import PAGES

ROOT = Path(__file__).resolve().parents[2]

TIMEOUT = 60


def registered_pages() -> list[str]:
    # Read from the same list app.py routes over, so a new page is covered automatically.
    return [p.path for p in PAGES]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", registered_pages())
def test_page_renders(page: str, lang: str) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title, f"{page} shows no title"


def test_navigation_matches_pages_folder() -> None:
    from pathlib import Path

    from atlas.ui import _ALL_PAGES

    on_disk = {f"pages/{p.name}" for p in Path("pages").glob("*.py")}
    # against the full list: PAGES already drops a page whose script is missing
    assert {p.path for p in _ALL_PAGES} == on_disk, "every page script is registered, and only those"
    assert set(registered_pages()) == on_disk
