"""A briefing's two files, the deck and the handout PDF, made in a worker process of their own.

python-pptx, fpdf2 (with its fonts) and vl-convert hold the GIL and leave the memory of a build's peak in
the process that ran it: a twelve-view deck took the server from 240 to 500 MB and more when six were asked
for at once (bench/load.py --hostile). Made in the worker, the server's pages go on meanwhile, and what a
build kept goes with the worker when it stops. The worker keeps the last pictures it drew, so making the
same briefing's files again (the other language's deck reuses none; a second download does) is quick.
Not the screen's picture worker (atlas.render.vega): a reader's preview never waits for someone's deck.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict

from atlas.briefing.figures import Handout
from atlas.core.figure import Figure
from atlas.core.worker import Worker
from atlas.render import deck, fonts, pdf, picture, slides, vega

TIMEOUT_S = 120.0  # a twelve-view deck and PDF take 5-20 s; the deck before it counts
WORKER = Worker("files", memory_mb=None, timeout_s=TIMEOUT_S, idle_s=vega.IDLE_S)  # about 250-500 MB warm
KEEP_PICTURES = 32  # about 0.6 MB each: a full briefing's slide pictures (twelve views) and some more
_pictures: OrderedDict[str, bytes] = OrderedDict()


def _draw(fig: Figure, width: int, height: int) -> bytes:
    """A slide picture, from the worker's last pictures when the same spec was drawn before."""
    fonts.require_for(*picture.texts(fig))
    spec = slides.slide_spec(fig, width, height)
    key = hashlib.sha256(json.dumps([spec, width, height], sort_keys=True, default=str).encode()).hexdigest()
    if key in _pictures:
        _pictures.move_to_end(key)
        return _pictures[key]
    drawn = slides.png_from_spec(spec, fig.lang, (width, height))
    _pictures[key] = drawn
    while len(_pictures) > KEEP_PICTURES:
        _pictures.popitem(last=False)
    return drawn


def build(handout: Handout) -> tuple[bytes, bytes]:
    """The deck and the PDF (in the worker; MissingFont when Korean text has no CJK font to draw it)."""
    draw = deck.memo(_draw)  # the deck and the PDF draw each picture once
    return deck.build(handout, draw=draw), pdf.build(handout, draw=draw)


def make(handout: Handout) -> tuple[bytes, bytes]:
    """build(handout) in the files worker (its pictures drawn there too): its result, or what it raised
    (WorkerStopped when the worker died or the build outlasted TIMEOUT_S)."""
    return WORKER.call(build, handout)
