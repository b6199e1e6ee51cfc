"""requirements.txt holds exactly what the app imports at run time, pinned."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# import name -> distribution name, where they differ
DISTRIBUTION = {
    "pandera": "pandera",
    "yaml": "pyyaml",
    "PIL": "pillow",
    "google": "protobuf",
    "vl_convert": "vl-convert-python",
    "pptx": "python-pptx",
    "fpdf": "fpdf2",
    "fontTools": "fonttools",
}
TRANSITIVE_OK = {"numpy", "pandas", "altair", "pydeck", "shapely", "pyogrio", "geopandas"}


def _runtime_imports() -> set[str]:
    names: set[str] = set()
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "atlas").rglob("*.py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    stdlib = set(sys.stdlib_module_names)
    return {n for n in names if n not in stdlib and n not in {"atlas", "__future__"}}


def _pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.lower()] = version
    return pins


def test_every_runtime_import_is_pinned() -> None:
    pins = _pinned()
    missing = {n for n in _runtime_imports() if DISTRIBUTION.get(n, n).lower() not in pins}
    assert missing == set()
    assert all(pins.values()), "every requirement is pinned with =="


def test_no_dev_package_in_runtime_code() -> None:
    assert (
        _runtime_imports() & {"pytest", "playwright", "ruff", "hypothesis", "currency_converter", "cpi", "pypdf"}
        == set()
    )
