"""Running a scan for one person: their linked sources (and their class's school pages) → photo listings →
downloads (conditional, bounded concurrency) → de-duplication by content → face analysis (process pool,
content cache) → matching against everyone enrolled → findings with risk signals → score and
recommendations.

``Scanner`` is the long-lived part: the face engine, the HTTP client, the class pages read once per class
audit, and the person's work lock. Each call of ``Scanner.scan`` runs one ``ScanRun`` (``desktop/scan/run.py``),
which owns everything that lives for that scan only and reads as its stages.

Every step is recorded as it happens (``desktop/store/scans.py``), so a scan killed at any point resumes where
it stopped; a failing source is recorded with its reason while the others carry on; Cancel leaves the data
consistent and marks the scan cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desktop.core.models import Person
from desktop.core.tasks import TaskContext
from desktop.scan.class_pages import ClassPages
from desktop.scan.progress import ScanOutcome, ScanProgress, SourceProgress, source_label
from desktop.scan.run import PROGRESS_INTERVAL, ScanRun

__all__ = ["FETCH_WORKERS", "PROGRESS_INTERVAL", "ScanOutcome", "ScanProgress", "Scanner", "SourceProgress",
           "source_label"]

FETCH_WORKERS = 4


class Scanner:
    """Scans one person at a time. The face engine and HTTP client are created lazily and reused."""

    # Extra HttpClient settings for the default client (tests and benchmarks against loopback servers lower the
    # politeness pause; real hosts keep the client's default of at least one second between requests).
    client_options: dict = {}

    def __init__(self, workspace, engine=None, client=None, fetch_workers: int = FETCH_WORKERS,
                 engine_factory: Callable | None = None, client_factory: Callable | None = None):
        self.workspace = workspace
        self._engine = engine
        self._client = client
        self._engine_factory = engine_factory
        self._client_factory = client_factory
        self.fetch_workers = fetch_workers
        self._class_pages = ClassPages(remembering=False)

    @property
    def class_pages(self) -> ClassPages:
        """The class pages read so far in the current class audit (none outside one)."""
        return self._class_pages

    @contextmanager
    def class_pages_read_once(self) -> Iterator[None]:
        """Within this block (one class audit), a class's own pages are listed and their photos downloaded
        once, for the first student, and matched from the face cache for every other student: a gallery of 100
        photos and a class of 25 cost 100 requests, not 2,500 at one a second."""
        self._class_pages = ClassPages(remembering=True)
        try:
            yield
        finally:
            self._class_pages = ClassPages(remembering=False)

    # --- shared resources ----------------------------------------------------------------------------
    @property
    def engine(self):
        if self._engine is None:
            if self._engine_factory is not None:
                self._engine = self._engine_factory()
            else:
                from desktop.faces.engine import FaceEngine

                self._engine = FaceEngine()
        return self._engine

    @property
    def client(self):
        if self._client is None:
            if self._client_factory is not None:
                self._client = self._client_factory()
            else:
                from desktop.sources.http import HttpClient

                self._client = HttpClient(validator_store=self.workspace.http_validators, **self.client_options)
        return self._client

    def __enter__(self) -> Scanner:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self, stop_now: bool = False) -> None:
        if self._engine is not None:
            if stop_now:  # Ctrl-C, Cancel: the workers stop mid-photo
                self._engine.close(stop_now=True)
            else:
                self._engine.close()
        if self._client is not None:
            self._client.close()

    # --- the scan ------------------------------------------------------------------------------------
    def scan(self, person: Person, ctx: TaskContext | None = None) -> ScanOutcome:
        """Scan under the person's work lock: deleting the person or withdrawing consent meanwhile cancels this
        scan and waits for it to stop before wiping (``desktop/store/locks.py``); Cancel and Ctrl-C also stop
        the requests in flight."""
        from desktop.store.locks import person_work

        ctx = ctx or TaskContext()
        with person_work(self.workspace.paths, person.id, ctx.cancel):
            person = self.workspace.persons.get(person.id)  # a wipe that just ran leaves no one to scan
            watch = getattr(self.client, "watch", None)
            if watch is not None:
                watch(lambda: ctx.cancelled)
            try:
                return ScanRun(self, person, ctx).run()
            except KeyboardInterrupt:
                ctx.cancel()  # the fetch threads and the requests in flight stop too
                raise
            finally:
                if watch is not None:
                    watch(None)
