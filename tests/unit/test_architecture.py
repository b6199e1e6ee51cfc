"""The architecture's rules, enforced: Streamlit stays at the edge, pages only lay out."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE_LINES = 120


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _may_import_streamlit(path: Path) -> bool:
    rel = path.relative_to(ROOT / "atlas")
    return rel.parts[0] == "ui" or path.name == "view.py"


ATLAS_FILES = sorted((ROOT / "atlas").rglob("*.py"))


@pytest.mark.parametrize("path", ATLAS_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_streamlit_only_in_ui_and_views(path: Path) -> None:
    if _may_import_streamlit(path):
        return
    assert "streamlit" not in _imports(path), f"{path.relative_to(ROOT)} imports streamlit"


def test_the_rule_sees_an_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from streamlit import session_state\n")
    assert "streamlit" in _imports(probe)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_are_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= PAGE_LINES, f"{path.name} has {lines} lines; a page only lays out (<= {PAGE_LINES})"


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_every_page_has_the_same_shape(path: Path) -> None:
    """`lang = ui.page_setup(id)`, then the area's view draws everything, its title included."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [ast.unparse(node.value) for node in tree.body if isinstance(node, (ast.Expr, ast.Assign))]
    calls = [c for c in calls if not c.startswith(("'", '"'))]  # the docstring
    assert "streamlit" not in _imports(path), f"{path.name} draws with Streamlit itself"
    assert calls[0] == f"ui.page_setup('{path.stem}')", calls
    assert len(calls) == 2 and calls[1].startswith("view.render("), calls


def _project_text_files() -> list[Path]:
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", "node_modules"}
    suffixes = {".py", ".md", ".toml", ".txt", ".cfg", ".ini", ".sh", ".yaml", ".yml", ".json", ""}
    files = []
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT)
        if any(part in skip for part in rel.parts) or not path.is_file():
            continue
        if path.suffix in suffixes and path.stat().st_size < 2_000_000:
            files.append(path)
    return files


def test_the_project_stands_alone() -> None:
    """No file points a reader at a document outside the repository."""
    outside = ("DESIGN" + ".md", "../" + "shared")
    offenders = []
    for path in _project_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        offenders += [f"{path.relative_to(ROOT)}: {word}" for word in outside if word in text]
    assert not offenders, offenders


def test_import_layers_hold() -> None:
    """The import-linter contracts in .importlinter (layers, Streamlit at the edge) are kept."""
    import shutil
    import subprocess
    import sys

    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


# Streamlit's internals (anything below the public `streamlit` module, or a private `st._name`) are
# touched in one place: atlas/ui/patches.py.
INTERNALS_ALLOWED = {ROOT / "atlas" / "ui" / "patches.py"}
APP_FILES = sorted([*ATLAS_FILES, ROOT / "app.py", *(ROOT / "pages").glob("*.py")])


def _internals(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("streamlit."):
            found.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith("streamlit.")]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "st"
            and node.attr.startswith("_")
        ):
            found.append(f"st.{node.attr}")
    return found


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_streamlit_internals_only_in_the_patches_module(path: Path) -> None:
    if path in INTERNALS_ALLOWED:
        return
    assert _internals(path) == [], f"{path.relative_to(ROOT)} reaches into Streamlit: move it to atlas/ui/patches.py"


def test_the_internals_rule_sees_them(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import streamlit as st\nfrom streamlit.runtime import Runtime\nst._main\nst.title('x')\n")
    assert _internals(probe) == ["from streamlit.runtime import ...", "st._main"]
