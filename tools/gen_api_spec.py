"""Regenerate ``bot/sandbox/telegram_api_spec.json`` from the full Telegram Bot API spec.

Source: https://github.com/PaulSonOfLars/telegram-bot-api-spec (``api.min.json``), MIT licence,
Copyright (c) 2020 Paul Larsen; the licence text is kept beside the output in
``bot/sandbox/TELEGRAM_API_SPEC_LICENSE.txt``.

The fake Bot API server only needs names, types and "required" flags, so descriptions are
dropped to keep the table small enough to ship inside the package (the sandbox must work on a
machine without the shared copy of the spec).

Usage: ``python tools/gen_api_spec.py [path/to/api.min.json]``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "telegram-bot-api" / "api.min.json"
OUTPUT = REPO_ROOT / "bot" / "sandbox" / "telegram_api_spec.json"


def _fields(entry: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": f["name"], "types": list(f["types"]), "required": bool(f["required"])} for f in entry.get("fields", [])
    ]


def compact(spec: dict[str, Any]) -> dict[str, Any]:
    """Keep only what request validation and object building need."""
    methods = {
        name: {"fields": _fields(m), "returns": list(m.get("returns", []))}
        for name, m in sorted(spec["methods"].items())
    }
    types: dict[str, Any] = {}
    for name, t in sorted(spec["types"].items()):
        entry: dict[str, Any] = {"fields": _fields(t)}
        if t.get("subtypes"):
            entry["subtypes"] = list(t["subtypes"])
        types[name] = entry
    return {
        "source": "https://github.com/PaulSonOfLars/telegram-bot-api-spec (MIT)",
        "version": spec["version"],
        "release_date": spec.get("release_date", ""),
        "methods": methods,
        "types": types,
    }


def dump(table: dict[str, Any]) -> str:
    """One method/type per line: small, yet reviewable in a diff."""

    def block(items: dict[str, Any]) -> str:
        lines = [
            f"    {json.dumps(k)}: {json.dumps(v, ensure_ascii=False, separators=(',', ':'))}" for k, v in items.items()
        ]
        return "{\n" + ",\n".join(lines) + "\n  }"

    head = ",\n".join(
        f"  {json.dumps(k)}: {json.dumps(table[k], ensure_ascii=False)}" for k in ("source", "version", "release_date")
    )
    return "{\n" + head + f',\n  "methods": {block(table["methods"])},\n  "types": {block(table["types"])}\n}}\n'


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    spec = json.loads(source.read_text(encoding="utf-8"))
    text = dump(compact(spec))
    json.loads(text)  # the hand-rolled layout must still be valid JSON
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(text) // 1024} KiB, {spec['version']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
