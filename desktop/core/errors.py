"""Errors a person can act on: each carries the id of the message that explains it (shown by the window and the
command line). Defined here, below every layer, so faces, sources, store and reports raise the same kind."""

from __future__ import annotations

from typing import Any


class StorageError(Exception):
    """An expected problem with a file or the data; ``message_id`` names the explanation shown to the user."""

    def __init__(self, message_id: str, detail: str = "", **values: object):
        super().__init__(detail or message_id)
        self.message_id = message_id
        self.values: dict[str, Any] = values  # message placeholders
