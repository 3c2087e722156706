"""Shared helpers for the source tests: a fast HTTP client that records every request, and fixture payloads."""

from __future__ import annotations

import io
from pathlib import Path

from desktop.core.tasks import TaskContext
from desktop.sources.http import HttpClient

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"


class Recorder:
    """Stands in for time.sleep and observes the client's choke point."""

    def __init__(self):
        self.sleeps: list[float] = []
        self.events = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def observe(self, event) -> None:
        self.events.append(event)

    def urls(self) -> list[str]:
        return [event.url for event in self.events]


def make_client(recorder: Recorder | None = None, **options) -> HttpClient:
    recorder = recorder or Recorder()
    options.setdefault("min_interval", 0)
    options.setdefault("timeout", (2, 2))
    client = HttpClient(sleep=recorder.sleep, **options)
    client.add_observer(recorder.observe)
    return client


def payload(relative: str, base: str) -> str:
    return (FIXTURES / relative).read_text(encoding="utf-8").replace("{base}", base.rstrip("/"))


def jpeg(colour=(200, 120, 90), size=(64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def ctx() -> TaskContext:
    return TaskContext()
