"""A fresh virtual environment with only requirements.txt runs every page (as Community Cloud would)."""

from __future__ import annotations

import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_requirements_txt_alone_runs_every_page(tmp_path: Path) -> None:
    env_dir = tmp_path / "runtime-venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [python, "-m", "pip", "install", "-q", "-r", ROOT / "requirements.txt"],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    dev = subprocess.run([python, "-c", "import pytest"], capture_output=True)
    assert dev.returncode != 0, "pytest must not be installed by requirements.txt"
    run = subprocess.run(
        [python, ROOT / "tools" / "check_runtime.py"], capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    from atlas.ui import PAGES

    ok_lines = [line for line in run.stdout.splitlines() if line.rstrip().endswith(": ok")]
    assert len(ok_lines) == 2 * len(PAGES), run.stdout[-3000:]  # every page, in both languages
