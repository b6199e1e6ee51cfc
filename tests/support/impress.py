"""A real client for every deck the tests build: LibreOffice Impress (headless) and poppler.

`open_in_impress(pptx)` converts the deck with `soffice --headless --convert-to pdf` in a profile of
its own, checks one page per slide, renders every page with pdftoppm and checks that nothing is
drawn in the outer 2% of any slide (nothing spills off the slide); it returns the pages' text
(pdftotext). `pdf_text(pdf)` reads a PDF back with pdftotext. Without soffice or poppler the test
skips, except in CI (CI=true), where that is a failure: .ci/run installs libreoffice-impress and
poppler-utils.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import cast

import pytest

EDGE = 0.02  # the outer share of a slide's width and height that must stay empty
INK = 200  # a pixel darker than this (0-255, any channel) is something drawn


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{tool} is missing: CI installs libreoffice-impress and poppler-utils (.ci/run)")
    pytest.skip(f"{tool} is not installed (apt-get install libreoffice-impress poppler-utils)")
    raise AssertionError("unreachable")


def pdf_text(data: bytes) -> list[str]:
    """Each page's text as poppler's pdftotext reads it."""
    tool = _need("pdftotext")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.pdf"
        path.write_bytes(data)
        out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, text=True, timeout=120, check=True)
    return out.stdout.split("\f")[:-1] if "\f" in out.stdout else [out.stdout]


RGB = tuple[int, int, int]  # a pixel of an image converted to "RGB"


def _edge_ink(png: Path) -> list[tuple[int, int]]:
    from PIL import Image

    with Image.open(png) as im:
        rgb = im.convert("RGB")
        w, h = rgb.size
        bx, by = max(1, int(w * EDGE)), max(1, int(h * EDGE))
        px = rgb.load()
        assert px is not None
        hits = []
        for y in range(h):
            for x in range(w):
                if (x < bx or x >= w - bx or y < by or y >= h - by) and min(cast(RGB, px[x, y])) < INK:
                    hits.append((x, y))
        return hits


def open_in_impress(pptx: bytes, slides: int, dpi: int = 30) -> list[str]:
    """Convert the deck in Impress, check it page by page, and return each page's text."""
    soffice, pdftoppm = _need("soffice"), _need("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        deck = folder / "deck.pptx"
        deck.write_bytes(pptx)
        profile = (folder / "profile").as_uri()  # its own profile: parallel tests never share a lock
        convert = ["--headless", "--convert-to", "pdf", "--outdir", tmp, str(deck)]
        run = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", *convert],
            capture_output=True,
            text=True,
            timeout=300,
        )
        converted = folder / "deck.pdf"
        assert run.returncode == 0 and converted.exists(), f"Impress could not open the deck: {run.stderr[-500:]}"
        texts = pdf_text(converted.read_bytes())
        assert len(texts) == slides, f"Impress made {len(texts)} pages of {slides} slides"
        render = [pdftoppm, "-r", str(dpi), "-png", str(converted), str(folder / "page")]
        subprocess.run(render, check=True, timeout=300)
        pages = sorted(folder.glob("page-*.png"))
        assert len(pages) == slides
        for number, png in enumerate(pages, start=1):
            hits = _edge_ink(png)
            assert not hits, f"slide {number}: something drawn in the outer {EDGE:.0%} (first at {hits[0]})"
        return texts
