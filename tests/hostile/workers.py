"""Functions the face-engine workers run in the hostile tests (module level, so a worker process can import
them)."""

from __future__ import annotations

import os


def double_or_die(value: int) -> int:
    """Stands in for a photo whose decoding crashes natively: the worker process dies on the spot."""
    if value == 13:
        os._exit(70)
    return value * 2


def always_die(value: int) -> int:
    """Stands in for workers that cannot run at all (e.g. their models are missing)."""
    os._exit(71)
