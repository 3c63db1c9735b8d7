"""Every script in bench/ still imports: a merge that moves or renames what a benchmark uses breaks here,
not months later when someone runs it. Importing runs no benchmark (each runs only as ``__main__``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
# Helper modules the scripts import (no main of their own): imported through the scripts that use them.
HELPERS = {"soak_rig"}
SCRIPTS = sorted(path for path in BENCH.glob("*.py") if path.stem not in HELPERS)


def test_there_are_benchmarks() -> None:
    assert {path.stem for path in SCRIPTS} >= {"roundtrip", "echo_bot", "questions", "soak"}
    assert all((BENCH / f"{name}.py").exists() for name in HELPERS)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_a_benchmark_imports_without_running(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert 'if __name__ == "__main__":' in path.read_text(encoding="utf-8"), "the benchmark would run on import"
    monkeypatch.syspath_prepend(str(BENCH))  # scripts import their neighbours (echo_bot, roundtrip)
    name = f"bench_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)
    spec.loader.exec_module(module)
    assert callable(getattr(module, "main", None)), "each benchmark has a main()"
