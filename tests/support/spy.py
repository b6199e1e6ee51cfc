"""Count the calls a test expects: `calls = count_calls(monkeypatch, module, "name")`, then `len(calls)`."""

from __future__ import annotations

from typing import Any

import pytest


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[tuple[Any, ...]]:
    """Replace owner.name with a wrapper that records each call's arguments and calls the real one."""
    real = getattr(owner, name)
    calls: list[tuple[Any, ...]] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls
