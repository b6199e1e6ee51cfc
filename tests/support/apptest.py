"""The AppTest helpers every page test uses: open a page the way a link does, rerun, read the screen."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


def page_path(page_id: str) -> str:
    return "pages/overview.py" if page_id == "overview" else f"pages/{page_id}.py"


def open_page(page_id: str, params: Mapping[str, str | list[str]] | None = None, lang: str | None = None) -> AppTest:
    """The app at `/`, then the page with its URL parameters, as a link into the page opens it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    assert_ok(at)
    at.switch_page(page_path(page_id))
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert_ok(at)
    return at


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def url(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def all_text(at: AppTest) -> str:
    """Every element's message as protobuf text: what the page sent, widgets and their options included."""
    from google.protobuf import text_format

    parts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        if getattr(node, "proto", None) is not None:
            parts.append(text_format.MessageToString(node.proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def shown(text: str) -> str:
    """What a reader sees of markdown the app escaped (figure text is written literally: "\\:" shows ":")."""
    return re.sub(r"\\(.)", r"\1", text)


def notices(at: AppTest) -> list[str]:
    return [shown(i.value) for i in at.info]


def warnings(at: AppTest) -> list[str]:
    return [shown(w.value) for w in at.warning]


def captions(at: AppTest) -> list[str]:
    return [shown(c.value) for c in at.caption]


def charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in charts(at)]


def deck_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.json) for c in at.get("deck_gl_json_chart")]


def download_labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]
