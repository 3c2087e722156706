"""Numbered schema migrations: ``mNNNN_name.py`` modules, each with ``SQL`` (and optionally ``migrate(conn)``).

Never edit a migration that has shipped; add the next number. Each version has a fixture database in
``tests/fixtures/db/`` that a test opens and upgrades.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    module: ModuleType


def all_migrations() -> list[Migration]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{__name__}.{info.name}")
            found.append(Migration(int(info.name[1:5]), info.name[6:], module))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration numbers must run 1..N without gaps; found {migration.version}")
    return found
