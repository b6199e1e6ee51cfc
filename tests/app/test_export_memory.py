"""Pictures drawn for downloads are kept for repeats, but only a few and not for good (bench/export_memory.py)."""

from __future__ import annotations

import pytest

from atlas.briefing import view as bview

BOX = (1600, 700)


def test_the_picture_cache_keeps_at_most_sixteen(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas.render import slides

    drawn: list[str] = []

    def fake(spec: dict, lang: str, box: tuple[int, int]) -> bytes:
        drawn.append(spec["n"])
        return b"\x89PNG" + bytes(800_000)  # the size of a Korean slide picture

    monkeypatch.setattr(slides, "png_from_spec", fake)
    bview._png_of_spec.clear()
    for n in range(20):
        bview._png_of_spec(f'{{"n": "{n}"}}', "ko", BOX)
    assert len(drawn) == 20
    bview._png_of_spec('{"n": "19"}', "ko", BOX)  # the newest is still kept: a repeat download draws nothing
    assert len(drawn) == 20
    bview._png_of_spec('{"n": "0"}', "ko", BOX)  # the oldest was let go: at most 16 of 0.8 MB are held
    assert drawn[-1] == "0" and len(drawn) == 21
    assert bview.PICTURE_CACHE_ENTRIES <= 16
    bview._png_of_spec.clear()
