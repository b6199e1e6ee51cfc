"""Every test runs on the frozen data fixture unless it names data/ itself (data tests do)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# Set before atlas is imported: atlas.core.data reads it once. Servers started by the
# browser tests inherit it, so they serve the same frozen files.
os.environ.setdefault("ATLAS_DATA_DIR", str(ROOT / "tests" / "fixtures" / "data"))


def pytest_collection_modifyitems(config, items):  # noqa: ANN001, ANN201
    """Mark each test by its folder: -m unit, -m data, -m app, -m e2e, -m deploy, -m perf.

    Timing and memory bounds (marker perf) depend on what else the machine is doing: they run
    only when asked for by name (`-m perf`, as bench/run.py does), never in the plain test command.
    """
    import pytest

    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT).parts
        if len(parts) > 1 and parts[1] in {"unit", "data", "app", "e2e", "deploy", "perf"}:
            item.add_marker(getattr(pytest.mark, parts[1]))
        if len(parts) > 1 and parts[1] in {"e2e", "deploy"}:
            # With `-n 2 --dist loadgroup` every server-and-browser test runs on one worker, one at a
            # time, while the other worker takes the unit and AppTest tests.
            item.add_marker(pytest.mark.xdist_group("servers"))
    if "perf" not in (config.getoption("markexpr") or ""):
        perf = [item for item in items if item.get_closest_marker("perf")]
        if perf:
            config.hook.pytest_deselected(items=perf)
            items[:] = [item for item in items if not item.get_closest_marker("perf")]


# The browser fixtures, defined once for every folder: two copies of a session-scoped Playwright
# fixture (one per conftest) would start two sync Playwright loops in one thread, which fails.
from tests.support.browser import browser, chromium, fresh_server, server  # noqa: E402, F401
