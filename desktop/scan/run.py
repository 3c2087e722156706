"""One scan of one person, stage by stage:

    list → fetch → dedupe → analyse → record → summarise

- **list** (``list_photos``): what each linked source shows a stranger; its photos become pending.
- **fetch**: the pending photos downloaded a few at a time, conditionally (an unchanged photo answers 304).
- **dedupe**: a photo whose content this scan or the face cache already knows is not analysed again.
- **analyse**: new content goes to the face engine.
- **record**: the photo and the person's findings in it, in one transaction.
- **summarise**: what was not seen again is gone; the score and recommendations are stored with the scan.

Everything here lives for one scan only (``ScanRun``); the face engine, the HTTP client and the class pages read
once per class audit belong to the long-lived ``Scanner`` that starts each run.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from desktop.core import signals as sig
from desktop.core.tasks import Cancelled, TaskContext
from desktop.log import get_logger
from desktop.scan import summary as scan_summary
from desktop.scan.progress import ScanOutcome, ScanProgress, SourceProgress, source_label
from desktop.scan.recording import PersonFindings, PhotoContent, photo_meta, photo_ref
from desktop.scan.thumbnails import FindingThumbnails
from desktop.sources.base import SourceError, SourceListing
from desktop.store.db import StorageError

if TYPE_CHECKING:
    from desktop.core.models import Person
    from desktop.faces.types import ImageAnalysis
    from desktop.scan.orchestrator import Scanner
    from desktop.store.scans import PhotoRow, ScanRow

log = get_logger("scan")
PROGRESS_INTERVAL = 0.1  # seconds: the window gets at most ten updates a second, however fast photos go by


@dataclass(frozen=True)
class Download:
    """What fetching one photo gave: the response, or the error recorded for the photo."""

    photo: PhotoRow
    fetched: Any = None
    error: SourceError | None = None


class ScanRun:
    """One scan of one person: its repositories, its matcher (everyone enrolled when it began), the content it
    has seen, its progress, and the stages in the order they run."""

    scan: ScanRow
    resumed: bool
    sources: list
    states: dict[int, dict[str, Any]]
    progress: ScanProgress
    findings: PersonFindings

    def __init__(self, scanner: Scanner, person: Person, ctx: TaskContext):
        from desktop.store.face_cache import FaceCache
        from desktop.store.scan_writer import ScanWriter

        self.scanner = scanner
        self.workspace = workspace = scanner.workspace
        self.person = person
        self.ctx = ctx
        self.repo = ScanWriter(workspace.db, workspace.vault)
        self.cache = FaceCache(workspace.db, workspace.vault)
        self.class_pages = scanner.class_pages
        self.seen_content: dict[str, ImageAnalysis] = {}  # this scan's analyses, by content hash
        self._last_told = 0.0

    def run(self) -> ScanOutcome:
        """The scan: ready, started (or resumed), each source listed and its photos read, then summarised;
        cancelled or failed when it must be."""
        self._check_ready()
        self._start_or_resume()
        try:
            read = [source.id for source in self.sources if self._read_source(source)]
        except Cancelled:
            self._end_cancelled()
            raise
        if self.ctx.cancelled:  # Cancel pressed while the last source was ending: still a cancelled scan
            self._end_cancelled()
            raise Cancelled()
        if not read:
            return self._end_unread()
        return self.summarise(read)

    # --- before the first source ---------------------------------------------------------------------
    def _check_ready(self) -> None:
        """Consent in force, reference faces, something to read; the matcher this scan uses throughout."""
        from desktop.faces.matching import Matcher

        workspace, person = self.workspace, self.person
        workspace.persons.require_consent(person)
        matcher = Matcher.for_persons(workspace, workspace.persons.enrolled_ids())
        if person.id not in {model.person_id for model in matcher.persons}:
            raise StorageError("scan.not_enrolled", name=person.name)
        self.sources = list(workspace.sources.list_for_person(person.id))
        if person.class_id is not None:
            self.sources += list(workspace.sources.list_for_class(person.class_id))
        if not self.sources:
            raise StorageError("scan.no_sources", name=person.name)
        thumbnails = FindingThumbnails(self.repo, self.scanner.client, self.class_pages)
        self.findings = PersonFindings(person, matcher, thumbnails)

    def _start_or_resume(self) -> None:
        self.scan, self.resumed = self.repo.start_or_resume(self.person.id, [s.id for s in self.sources])
        self.states = states = self.repo.source_states(self.scan.id)
        self.progress = ScanProgress(self.scan.id, self.person.name, {
            s.id: SourceProgress(s.id, s.kind, source_label(s.kind, s.target), states[s.id]["state"],
                                 states[s.id]["photos_found"], states[s.id]["photos_checked"],
                                 states[s.id]["error_code"])
            for s in self.sources
        })
        log.info("scan %d %s with %d sources", self.scan.id, "resumed" if self.resumed else "started",
                 len(self.sources))

    # --- one source ------------------------------------------------------------------------------------
    def _read_source(self, source) -> bool:
        """List the source and read its photos; False when it could not be read (the others carry on)."""
        self.ctx.check_cancelled()
        state = self.states[source.id]["state"]
        if state == "done":
            return True
        if state in ("failed", "cancelled") and self.resumed:
            return False
        self.progress.current_source = source.id
        item = self.progress.sources[source.id]
        try:
            with self._connected(source) as connector:
                account_visibility = self._list_and_read(source, connector)
        except Cancelled:
            self._source_cancelled(item)
            raise
        except SourceError as exc:
            if self.ctx.cancelled:  # the connector gave up because Cancel was pressed: not a failing source
                self._source_cancelled(item)
                raise Cancelled() from exc
            item.error_values = dict(exc.values)
            return self._source_failed(item, exc.message_id, exc.values)
        except Exception:  # noqa: BLE001 - one broken source must never stop the others
            log.exception("source %d failed unexpectedly", source.id)
            return self._source_failed(item, "scan.source_crashed")
        item.state = "done"
        self.repo.source_read(self.scan.id, source.id, person_id=self.person.id,
                              photos_checked=item.photos_checked, account_visibility=account_visibility)
        self._tell()
        return True

    @contextmanager
    def _connected(self, source) -> Iterator[Any]:
        from desktop.sources.registry import connector_for

        # Exports need the client too, for the few photos they link to on the web.
        connector = connector_for(source.kind, source.target, client=self.scanner.client,
                                  base_url=source.base_url, allow_private=bool(source.allow_private))
        try:
            yield connector
        finally:
            close = getattr(connector, "close", None)
            if close is not None:
                close()

    def _list_and_read(self, source, connector) -> str | None:
        """Returns the account's visibility, as this scan (or the interrupted run it resumes) listed it."""
        state = self.states[source.id]
        account_visibility = state["visibility"]
        # A class's school page is shared by the students: another student's scan may have listed it since
        # this scan stopped, so a resumed scan lists it again rather than finding nothing pending.
        relist = source.class_id is not None and state["state"] == "analysing"
        if state["state"] in ("pending", "fetching") or relist:
            account_visibility = self.list_photos(source, connector)
        self.progress.sources[source.id].state = "analysing"
        self._tell()
        self._read_photos(source, connector)
        return account_visibility

    def _source_cancelled(self, item: SourceProgress) -> None:
        item.state = "cancelled"
        self.repo.set_source_state(self.scan.id, item.source_id, "cancelled")

    def _source_failed(self, item: SourceProgress, error: str, values: dict | None = None) -> bool:
        item.state, item.error = "failed", error
        self.repo.source_failed(self.scan.id, item.source_id, error, values)
        self._tell()
        return False

    # --- list ------------------------------------------------------------------------------------------
    def list_photos(self, source, connector) -> str:
        """What the source shows a stranger, its photos recorded pending; returns the account's visibility."""
        item = self.progress.sources[source.id]
        item.state = "fetching"
        self._tell()
        self.repo.set_source_state(self.scan.id, source.id, "fetching")
        page = self.class_pages.page(source)
        listing = page.listing if page is not None else connector.list_photos(self.ctx)
        if source.stated_visibility:
            listing = as_stated(listing, source.stated_visibility)
        if page is None:
            self.class_pages.remember(source, listing)
        item.photos_found = self.repo.source_listed(
            self.scan.id, source.id, listing, sorted(sig.text_signals(listing.profile_text, self.person.name)))
        return listing.visibility

    def _read_photos(self, source, connector) -> None:
        """Dedupe what needs no download, then fetch, dedupe, analyse and record the rest."""
        pending = self.repo.pending_photos(self.scan.id, source.id)
        item = self.progress.sources[source.id]
        item.photos_checked = max(0, item.photos_found - len(pending))
        page = self.class_pages.page(source)
        read_earlier = page.checked if page is not None else set()
        to_fetch = [photo for photo in pending if not self.dedupe_unfetched(photo, connector, photo.id in read_earlier)]
        self._fetch_and_analyse(to_fetch, connector)
        if page is not None:
            # Only photos read successfully now: one that failed is asked again for the next student.
            pending_ids = {photo.id for photo in pending}
            page.checked.update(photo.id for photo in self.repo.photos_seen(self.scan.id, source.id)
                                if photo.id in pending_ids and photo.state == "done")

    def _fetch_and_analyse(self, photos: list[PhotoRow], connector) -> None:
        batch_size = 2 * getattr(self.scanner.engine, "workers", 1)  # every worker busy, few photos in memory
        to_analyse: list[PhotoContent] = []
        with ThreadPoolExecutor(max_workers=self.scanner.fetch_workers, thread_name_prefix="jikimi-fetch") as pool:
            futures: set[Future] = {pool.submit(self.fetch, connector, photo) for photo in photos}
            try:
                while futures:
                    done, futures = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
                    self.ctx.check_cancelled()
                    for future in done:
                        content = self.dedupe_fetched(future.result(), connector)
                        if content is not None:
                            to_analyse.append(content)
                    if len(to_analyse) >= batch_size or (not futures and to_analyse):
                        self.analyse(to_analyse)
                        to_analyse = []
                    self._tell(force=False)
            except (Cancelled, KeyboardInterrupt):
                self.ctx.cancel()  # requests in flight are cut, so leaving the pool does not wait for them
                for future in futures:
                    future.cancel()
                raise

    # --- fetch -----------------------------------------------------------------------------------------
    def fetch(self, connector, photo: PhotoRow) -> Download:
        """Download one photo (on a fetch thread); a failure is the photo's, not the scan's."""
        ref = photo_ref(photo)
        try:
            fetched = connector.fetch_image(ref)
            if fetched.not_modified and not photo.meta.get("sha256"):
                # Validators were saved but the scan died before the photo was analysed: fetch it whole.
                fetched = self.scanner.client.get_image(ref.image_url, allow_private=connector.allow_private,
                                                        conditional=False)
            return Download(photo, fetched)
        except SourceError as exc:
            return Download(photo, error=exc)
        except Cancelled:  # the request was cut by Cancel or a wipe: not a failed photo
            raise
        except Exception as exc:  # noqa: BLE001 - recorded per photo; the scan goes on
            log.warning("photo fetch failed: %s", type(exc).__name__)
            return Download(photo, error=SourceError("scan.photo_failed"))

    # --- dedupe ----------------------------------------------------------------------------------------
    def dedupe_unfetched(self, photo: PhotoRow, connector, read_earlier: bool) -> bool:
        """A photo whose address names its content (its bytes cannot have changed), or that this class audit
        already read for another student, is recorded from the face cache without asking the server again."""
        sha = photo.meta.get("sha256")
        if not sha or not (read_earlier or connector.content_addressed(photo_ref(photo))):
            return False
        analysis = self._known_analysis(sha)
        if analysis is None:
            return False
        self.record(PhotoContent(photo, sha, None), analysis, connector)
        return True

    def dedupe_fetched(self, download: Download, connector) -> PhotoContent | None:
        """Record a downloaded photo whose content is already known; return the rest for analysis."""
        photo = download.photo
        if download.error is not None:
            self._photo_failed(photo, download.error.message_id)
            return None
        if download.fetched.not_modified:
            content = PhotoContent(photo, photo.meta["sha256"], None)
        else:
            data = download.fetched.data
            content = PhotoContent(photo, hashlib.sha256(data).hexdigest(), data)
        analysis = self._known_analysis(content.sha)
        if analysis is not None:
            self.record(content, analysis, connector)
            return None
        if content.data is None:  # not modified, but the analysis is gone (engine upgrade): fetch again next scan
            self._photo_failed(photo, "scan.photo_failed", content.sha)
            return None
        return content

    def _known_analysis(self, sha: str) -> ImageAnalysis | None:
        analysis = self.seen_content.get(sha) or self.cache.get(sha)
        if analysis is not None:
            self.seen_content[sha] = analysis
        return analysis

    # --- analyse ---------------------------------------------------------------------------------------
    def analyse(self, batch: list[PhotoContent]) -> None:
        by_key = {content.photo.id: content for content in batch}
        for key, analysis in self.scanner.engine.analyse_many(((k, c.data) for k, c in by_key.items()), self.ctx):
            content = by_key[key]
            if analysis.error is None:
                self.cache.put(content.sha, analysis)
            self.seen_content[content.sha] = analysis
            self.record(content, analysis)
            self._tell(force=False)  # analysis is the slow part: the count moves photo by photo
            self.ctx.check_cancelled()

    # --- record ----------------------------------------------------------------------------------------
    def record(self, content: PhotoContent, analysis: ImageAnalysis, connector=None) -> None:
        """The photo, its facts and the person's findings in it, in one transaction."""
        photo, meta = content.photo, photo_meta(content.photo, analysis)
        if analysis.error:
            self.repo.complete_photo(photo.id, sha256_hex=content.sha, meta=meta, state="failed",
                                     error_code=analysis.error, scan_id=self.scan.id, person_id=self.person.id)
        else:
            self.repo.complete_photo(photo.id, sha256_hex=content.sha, meta=meta,
                                     findings=self.findings.of(content, analysis, connector),
                                     scan_id=self.scan.id, person_id=self.person.id)
        self.progress.sources[photo.source_id].photos_checked += 1

    def _photo_failed(self, photo: PhotoRow, error: str, sha: str | None = None) -> None:
        self.repo.complete_photo(photo.id, sha256_hex=sha, meta=photo.meta, state="failed", error_code=error,
                                 scan_id=self.scan.id, person_id=self.person.id)
        self.progress.sources[photo.source_id].photos_checked += 1

    # --- summarise -------------------------------------------------------------------------------------
    def summarise(self, read_source_ids: list[int]) -> ScanOutcome:
        """Findings at fully read sources not seen again are fixed; the score and recommendations are stored."""
        scan_id = self.scan.id
        self.repo.mark_gone(scan_id, self.person.id, read_source_ids)
        result = scan_summary.summarise(self.workspace, self.person, scan_id)
        self.repo.finish(scan_id, "done", result.score, result.level, result.summary)
        self.repo.reopen_recommendations_still_public(self.person.id, scan_id, result.summary)
        self._tell_final()
        log.info("scan %d done", scan_id)
        return ScanOutcome(scan_id, "done", result.score, result.level, self.resumed)

    def _end_cancelled(self) -> None:
        self.repo.finish(self.scan.id, "cancelled")
        log.info("scan %d cancelled", self.scan.id)

    def _end_unread(self) -> ScanOutcome:
        # Not one source could be read: nothing was checked, so there is no new score and no trend point.
        # The results keep what the last scan found, and say that this one failed.
        self.repo.finish(self.scan.id, "failed")
        self._tell_final()
        log.info("scan %d failed: no source could be read", self.scan.id)
        return ScanOutcome(self.scan.id, "failed", None, None, self.resumed)

    # --- progress --------------------------------------------------------------------------------------
    def _tell(self, force: bool = True) -> None:
        """Tell the caller where the scan is. Per-photo updates (``force=False``) are throttled to
        ``PROGRESS_INTERVAL``; a source changing state is always told."""
        now = time.monotonic()
        if not force and now - self._last_told < PROGRESS_INTERVAL:
            return
        self._last_told = now
        progress = self.progress
        current = progress.sources.get(progress.current_source) if progress.current_source is not None else None
        self.ctx.progress(progress.photos_checked, progress.photos_found, current.label if current else "",
                          progress.snapshot())

    def _tell_final(self) -> None:
        self.ctx.progress(self.progress.photos_checked, self.progress.photos_found, "", self.progress.snapshot())


def as_stated(listing: SourceListing, visibility: str) -> SourceListing:
    """Photos the parent saved from a place Jikimi cannot read (a KakaoTalk profile, a closed Band): they are
    as visible as the parent says they are there, not "not posted"."""
    return replace(listing, visibility=visibility,
                   photos=[replace(ref, visibility=visibility) for ref in listing.photos])
