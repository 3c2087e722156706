"""Small non-personal preferences kept outside the encrypted database (needed before it is unlocked)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.paths import AppPaths

DEFAULTS = {"language": None, "idle_lock_minutes": 10}


def _file(paths: AppPaths) -> Path:
    return paths.data_dir / "preferences.json"


def load(paths: AppPaths) -> dict:
    try:
        stored = json.loads(_file(paths).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        stored = {}
    return {**DEFAULTS, **{k: v for k, v in stored.items() if k in DEFAULTS}}


def exists(paths: AppPaths) -> bool:
    return _file(paths).exists()


def save(paths: AppPaths, **changes) -> dict:
    merged = {**load(paths), **changes}
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = _file(paths).with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, indent=2), encoding="utf-8")
    tmp.replace(_file(paths))
    return merged
