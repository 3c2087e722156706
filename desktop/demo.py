"""The built-in demo family: fictional people in a throw-away data directory."""

from __future__ import annotations

import tempfile
from pathlib import Path

from desktop import i18n

DEMO_MARKER = "demo"


def make_demo_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="jikimi-demo-"))


def seed(workspace) -> None:
    """Add the demo child with a guardian's consent (idempotent)."""
    persons = workspace.persons
    name = i18n.tr("demo.child_name")
    if persons.find(name) is None:
        persons.add(name, role="child", age_band="under14", consent_by=["guardian"])
    workspace.db.set_setting(DEMO_MARKER, "1")


def is_demo(workspace) -> bool:
    return workspace.db.get_setting(DEMO_MARKER) == "1"
