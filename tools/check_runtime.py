"""Run every page with only the runtime packages: prove the app needs nothing from dev.

.ci/run calls this with a virtual environment built from requirements.txt alone. Test
and lint packages are also blocked from import, so an accidental import fails here too.
"""

from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_ONLY = {"pytest", "_pytest", "playwright", "ruff", "hypothesis"}


class _BlockDev(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in DEV_ONLY:
            raise ImportError(f"{name} is a development package and must not be imported by the app")
        return None


def main() -> int:
    sys.meta_path.insert(0, _BlockDev())
    sys.path.insert(0, str(ROOT))
    from streamlit.testing.v1 import AppTest

    from atlas.ui import PAGES

    failures = 0
    for lang in ("en", "ko"):
        for page in PAGES:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["lang"] = lang
            at.switch_page(page.path).run()
            status = "ok" if not at.exception else "; ".join(e.message for e in at.exception)
            failures += bool(at.exception)
            print(f"{page.id:<18} {lang}: {status}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
