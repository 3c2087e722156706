"""Running a scan for one person: their linked sources (and their class's school pages) → photo listings →
downloads (conditional, bounded concurrency) → de-duplication by content → face analysis (process pool,
content cache) → matching against everyone enrolled → findings with risk signals → score and
recommendations.

Every step is recorded as it happens (``desktop/store/scans.py``), so a scan killed at any point resumes where
it stopped; a failing source is recorded with its reason while the others carry on; Cancel leaves the data
consistent and marks the scan cancelled.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from desktop.core import signals as sig
from desktop.core.models import Person, effective_visibility
from desktop.core.tasks import Cancelled, TaskContext
from desktop.log import get_logger
from desktop.scan import summary as scan_summary
from desktop.scan.thumbnails import make_thumbnail
from desktop.sources.base import PhotoRef, SourceError, SourceListing
from desktop.store.db import StorageError

log = get_logger("scan")
FETCH_WORKERS = 4
PROGRESS_INTERVAL = 0.1  # seconds: the window gets at most ten updates a second, however fast photos go by


@dataclass
class SourceProgress:
    source_id: int
    kind: str
    label: str
    state: str = "pending"
    photos_found: int = 0
    photos_checked: int = 0
    error: str | None = None  # message id
    error_values: dict = field(default_factory=dict)


@dataclass
class ScanProgress:
    scan_id: int
    person_name: str
    sources: dict[int, SourceProgress]
    started: float = field(default_factory=time.monotonic)
    current_source: int | None = None

    @property
    def photos_found(self) -> int:
        return sum(s.photos_found for s in self.sources.values())

    @property
    def photos_checked(self) -> int:
        return sum(s.photos_checked for s in self.sources.values())

    def eta_seconds(self) -> float | None:
        done, total = self.photos_checked, self.photos_found
        if done < 3 or total <= done:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / done * (total - done)

    def snapshot(self) -> ScanProgress:
        return replace(self, sources={k: replace(v) for k, v in self.sources.items()})


@dataclass(frozen=True)
class ScanOutcome:
    scan_id: int
    state: str
    score: int | None
    level: str | None
    resumed: bool


@dataclass
class _SharedSource:
    """A class's school page as read earlier in the same class audit: its listing, and the photos already
    downloaded or confirmed unchanged, so the next student's scan matches them without asking the school's
    server again."""

    listing: SourceListing
    checked: set[int] = field(default_factory=set)  # photo ids
    # Thumbnails of the photos with faces, by content hash, made while their bytes were at hand: a face that
    # only the next student's enrolment matches still gets its picture without a download.
    thumbnails: dict[str, tuple[bytes, float]] = field(default_factory=dict)


def _as_stated(listing: SourceListing, visibility: str) -> SourceListing:
    """Photos the parent saved from a place Jikimi cannot read (a KakaoTalk profile, a closed Band): they are
    as visible as the parent says they are there, not "not posted"."""
    return replace(listing, visibility=visibility,
                   photos=[replace(ref, visibility=visibility) for ref in listing.photos])


LABEL_TARGET_CHARS = 48  # a long address is shortened in the middle so the progress rows stay readable


def source_label(kind: str, target: str) -> str:
    """What the progress shows for a source: its kind in the user's language and its (shortened) address."""
    from desktop.i18n import tr_or

    if len(target) > LABEL_TARGET_CHARS:
        keep = (LABEL_TARGET_CHARS - 1) // 2
        target = f"{target[:keep]}…{target[-keep:]}"
    return f"{tr_or(f'sources.kind.{kind}', kind)}: {target}"


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
        self._last_emit = 0.0
        self._shared: dict[int, _SharedSource] | None = None

    @contextmanager
    def class_pages_read_once(self) -> Iterator[None]:
        """Within this block (one class audit), a class's own pages are listed and their photos downloaded
        once, for the first student, and matched from the face cache for every other student: a gallery of 100
        photos and a class of 25 cost 100 requests, not 2,500 at one a second."""
        self._shared = {}
        try:
            yield
        finally:
            self._shared = None

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

    def close(self) -> None:
        if self._engine is not None:
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
                return self._scan(person, ctx)
            except KeyboardInterrupt:
                ctx.cancel()  # the fetch threads and the requests in flight stop too
                raise
            finally:
                if watch is not None:
                    watch(None)

    def _scan(self, person: Person, ctx: TaskContext) -> ScanOutcome:
        from desktop.faces.matching import Matcher
        from desktop.store.face_cache import FaceCache
        from desktop.store.scans import ScanRepository

        workspace = self.workspace
        workspace.persons.require_consent(person)
        matcher = Matcher.for_persons(workspace, self._enrolled_person_ids())
        self._matcher = matcher
        if person.id not in {model.person_id for model in matcher.persons}:
            raise StorageError("scan.not_enrolled", name=person.name)
        sources = self._sources_for(person)
        if not sources:
            raise StorageError("scan.no_sources", name=person.name)
        repo = ScanRepository(workspace.db, workspace.vault)
        running = repo.running_scan(person.id)
        resumed = running is not None
        scan = running or repo.start(person.id, [s.id for s in sources])
        states = repo.source_states(scan.id)
        for source in sources:  # a source added while a scan was interrupted joins it
            if source.id not in states:
                with workspace.db.transaction() as conn:
                    conn.execute("INSERT INTO scan_sources(scan_id, source_id, state, updated_at)"
                                 " VALUES (?, ?, 'pending', datetime('now'))", (scan.id, source.id))
        states = repo.source_states(scan.id)
        progress = ScanProgress(scan.id, person.name, {
            s.id: SourceProgress(s.id, s.kind, source_label(s.kind, s.target), states[s.id]["state"],
                                 states[s.id]["photos_found"], states[s.id]["photos_checked"],
                                 states[s.id]["error_code"])
            for s in sources
        })
        cache = FaceCache(workspace.db, workspace.vault)
        seen_content: dict[str, object] = {}
        completed_sources: list[int] = []
        log.info("scan %d %s with %d sources", scan.id, "resumed" if resumed else "started", len(sources))
        try:
            for source in sources:
                ctx.check_cancelled()
                state = states[source.id]["state"]
                if state == "done":
                    completed_sources.append(source.id)
                    continue
                if state in ("failed", "cancelled") and resumed:
                    continue
                progress.current_source = source.id
                ok = self._scan_source(scan.id, person, source, states[source.id], repo, cache, matcher,
                                       seen_content, progress, ctx)
                if ok:
                    completed_sources.append(source.id)
        except Cancelled:
            repo.finish(scan.id, "cancelled")
            log.info("scan %d cancelled", scan.id)
            raise
        if ctx.cancelled:  # Cancel pressed while the last source was ending: still a cancelled scan
            repo.finish(scan.id, "cancelled")
            log.info("scan %d cancelled", scan.id)
            raise Cancelled()
        if not completed_sources:
            # Not one source could be read: nothing was checked, so there is no new score and no trend point.
            # The results keep what the last scan found, and say that this one failed.
            repo.finish(scan.id, "failed")
            ctx.progress(progress.photos_checked, progress.photos_found, "", progress.snapshot())
            log.info("scan %d failed: no source could be read", scan.id)
            return ScanOutcome(scan.id, "failed", None, None, resumed)
        repo.mark_gone(scan.id, person.id, completed_sources)
        result = scan_summary.summarise(workspace, person, scan.id)
        repo.finish(scan.id, "done", result.score, result.level, result.summary)
        self._untick_what_is_not_done(repo, person, scan.id, result.summary)
        ctx.progress(progress.photos_checked, progress.photos_found, "", progress.snapshot())
        log.info("scan %d done", scan.id)
        return ScanOutcome(scan.id, "done", result.score, result.level, resumed)

    @staticmethod
    def _untick_what_is_not_done(repo, person: Person, scan_id: int, summary: dict) -> None:
        """A photo the parent said was removed and this scan found still online: the recommendations about it
        are not done, whatever their checkbox said."""
        still = {str(f.id) for f in repo.findings(person.id) if f.still_public_scan == scan_id}
        if not still:
            return
        for choice in summary.get("recommendations", []):
            if still & set(choice.get("photo_keys", [])):
                repo.set_recommendation_done(person.id, choice["id"], False)

    def _enrolled_person_ids(self) -> list[int]:
        rows = self.workspace.db.query("SELECT DISTINCT person_id FROM face_references")
        return [r["person_id"] for r in rows]

    def _sources_for(self, person: Person) -> list:
        sources = list(self.workspace.sources.list_for_person(person.id))
        if person.class_id is not None:
            sources += list(self.workspace.sources.list_for_class(person.class_id))
        return sources

    def _emit(self, ctx: TaskContext, progress: ScanProgress, force: bool = True) -> None:
        """Tell the caller where the scan is. Per-photo updates (``force=False``) are throttled to
        ``PROGRESS_INTERVAL``; a source changing state is always told."""
        now = time.monotonic()
        if not force and now - self._last_emit < PROGRESS_INTERVAL:
            return
        self._last_emit = now
        current = progress.sources.get(progress.current_source) if progress.current_source is not None else None
        ctx.progress(progress.photos_checked, progress.photos_found, current.label if current else "",
                     progress.snapshot())

    def _scan_source(self, scan_id, person, source, state, repo, cache, matcher, seen_content, progress, ctx) -> bool:
        from desktop.sources.registry import connector_for

        item = progress.sources[source.id]
        connector = None
        try:
            # Exports need the client too, for the few photos they link to on the web.
            connector = connector_for(source.kind, source.target, client=self.client, base_url=source.base_url,
                                      allow_private=bool(source.allow_private))
            account_visibility = state["visibility"]
            # A class's school page is shared by the students: another student's scan may have listed it since
            # this scan stopped, so a resumed scan lists it again rather than finding nothing pending.
            relist = source.class_id is not None and state["state"] == "analysing"
            if state["state"] in ("pending", "fetching") or relist:
                item.state = "fetching"
                self._emit(ctx, progress)
                repo.set_source_state(scan_id, source.id, "fetching")
                shared = self._shared_source(source)
                listing = shared.listing if shared is not None else connector.list_photos(ctx)
                if source.stated_visibility:
                    listing = _as_stated(listing, source.stated_visibility)
                if shared is None and self._shared is not None and source.class_id is not None:
                    self._shared[source.id] = _SharedSource(listing)
                account_visibility = listing.visibility
                found = repo.record_listing(
                    scan_id, source.id, listing.photos,
                    lambda ref: effective_visibility(account_visibility, ref.visibility),
                )
                item.photos_found = found
                repo.set_source_state(
                    scan_id, source.id, "analysing", visibility=account_visibility, photos_found=found,
                    detail={"account_visibility": account_visibility, "notices": listing.notices,
                            "account_flags": listing.account_flags,
                            "profile_signals": sorted(sig.text_signals(listing.profile_text, person.name))},
                )
            item.state = "analysing"
            self._emit(ctx, progress)
            self._analyse_photos(scan_id, person, source, connector, repo, cache, matcher, seen_content, item,
                                 progress, ctx)
        except Cancelled:
            item.state = "cancelled"
            repo.set_source_state(scan_id, source.id, "cancelled")
            raise
        except SourceError as exc:
            if ctx.cancelled:  # the connector gave up because Cancel was pressed: not a failing source
                item.state = "cancelled"
                repo.set_source_state(scan_id, source.id, "cancelled")
                raise Cancelled() from exc
            item.state, item.error, item.error_values = "failed", exc.message_id, dict(exc.values)
            repo.set_source_state(scan_id, source.id, "failed", error_code=exc.message_id,
                                  detail={"error_values": {k: str(v) for k, v in exc.values.items()}})
            self._emit(ctx, progress)
            return False
        except Exception:  # noqa: BLE001 - one broken source must never stop the others
            log.exception("source %d failed unexpectedly", source.id)
            item.state, item.error = "failed", "scan.source_crashed"
            repo.set_source_state(scan_id, source.id, "failed", error_code="scan.source_crashed")
            self._emit(ctx, progress)
            return False
        finally:
            close = getattr(connector, "close", None)
            if close is not None:
                close()
        seen = repo.photos_seen(scan_id, source.id)
        item.state = "done"
        repo.set_source_state(
            scan_id, source.id, "done", photos_checked=item.photos_checked,
            detail={**repo.source_states(scan_id)[source.id]["detail"],
                    "account_visibility": account_visibility,
                    "profile_picture_shows_face": self._profile_picture_face(scan_id, person.id, seen),
                    "photos_with_location": sum(1 for p in seen if p.meta.get("gps") or p.meta.get("location"))},
        )
        self._emit(ctx, progress)
        return True

    def _profile_picture_face(self, scan_id: int, person_id: int, seen) -> bool | None:
        avatars = [p for p in seen if p.meta.get("role") in ("avatar", "header")]
        if not avatars:
            return None
        ids = [p.id for p in avatars]
        marks = ",".join("?" for _ in ids)
        row = self.workspace.db.query_one(
            f"SELECT count(*) FROM findings WHERE person_id = ? AND last_seen_scan = ? AND photo_id IN ({marks})",
            (person_id, scan_id, *ids))
        return row[0] > 0

    def _shared_source(self, source) -> _SharedSource | None:
        if self._shared is None or source.class_id is None:
            return None
        return self._shared.get(source.id)

    def _shared_photo_source(self, photo) -> _SharedSource | None:
        return self._shared.get(photo.source_id) if self._shared is not None else None

    def _analyse_photos(self, scan_id, person, source, connector, repo, cache, matcher, seen_content, item,
                        progress, ctx) -> None:
        pending = repo.pending_photos(scan_id, source.id)
        item.photos_checked = max(0, item.photos_found - len(pending))
        shared = self._shared_source(source)
        checked_earlier = shared.checked if shared is not None else set()
        to_analyse: list[tuple] = []
        to_fetch = []
        for photo in pending:
            if self._known_content(photo, connector, repo, cache, seen_content, scan_id, person, item,
                                   photo.id in checked_earlier):
                continue
            to_fetch.append(photo)
        with ThreadPoolExecutor(max_workers=self.fetch_workers, thread_name_prefix="jikimi-fetch") as pool:
            futures: set[Future] = {pool.submit(self._fetch, connector, photo) for photo in to_fetch}
            try:
                while futures:
                    done, futures = wait(futures, timeout=0.2, return_when=FIRST_COMPLETED)
                    ctx.check_cancelled()
                    for future in done:
                        photo, fetched, error = future.result()
                        ready = self._prepare(photo, fetched, error, repo, cache, seen_content, scan_id, person,
                                              item, connector)
                        if ready is not None:
                            to_analyse.append(ready)
                    # Keep every worker busy without holding many downloaded photos in memory.
                    if len(to_analyse) >= 2 * getattr(self.engine, "workers", 1) or (not futures and to_analyse):
                        self._run_engine(to_analyse, scan_id, person, repo, cache, seen_content, item,
                                         progress, ctx)
                        to_analyse = []
                    self._emit(ctx, progress, force=False)
            except (Cancelled, KeyboardInterrupt):
                ctx.cancel()  # requests in flight are cut, so leaving the pool does not wait for them
                for future in futures:
                    future.cancel()
                raise
        if shared is not None:
            # Only photos read successfully now: one that failed is asked again for the next student.
            pending_ids = {photo.id for photo in pending}
            shared.checked.update(photo.id for photo in repo.photos_seen(scan_id, source.id)
                                  if photo.id in pending_ids and photo.state == "done")

    @staticmethod
    def _ref(photo) -> PhotoRef:
        return PhotoRef(photo.image_url, photo.post_url, photo.meta.get("taken_at"), photo.meta.get("caption", ""),
                        photo.visibility, photo.meta.get("role", "post"), photo.meta.get("location"))

    def _known_content(self, photo, connector, repo, cache, seen_content, scan_id, person, item,
                       checked_earlier: bool = False) -> bool:
        """A photo whose address names its content (its bytes cannot have changed), or that this class audit
        already read for another student, is recorded from the face cache without asking the server again."""
        sha = photo.meta.get("sha256")
        if not sha or not (checked_earlier or connector.content_addressed(self._ref(photo))):
            return False
        analysis = seen_content.get(sha) or cache.get(sha)
        if analysis is None:
            return False
        seen_content[sha] = analysis
        self._record(photo, sha, None, analysis, scan_id, person, repo, item, connector)
        return True

    def _fetch(self, connector, photo):
        ref = self._ref(photo)
        try:
            fetched = connector.fetch_image(ref)
            if fetched.not_modified and not photo.meta.get("sha256"):
                # Validators were saved but the scan died before the photo was analysed: fetch it whole.
                fetched = self.client.get_image(ref.image_url, allow_private=connector.allow_private,
                                                conditional=False)
            return photo, fetched, None
        except SourceError as exc:
            return photo, None, exc
        except Cancelled:  # the request was cut by Cancel or a wipe: not a failed photo
            raise
        except Exception as exc:  # noqa: BLE001 - recorded per photo; the scan goes on
            log.warning("photo fetch failed: %s", type(exc).__name__)
            return photo, None, SourceError("scan.photo_failed")

    def _prepare(self, photo, fetched, error, repo, cache, seen_content, scan_id, person, item, connector):
        """Resolve a downloaded photo from the caches when possible; otherwise return it for analysis."""
        if error is not None:
            repo.complete_photo(photo.id, sha256_hex=None, meta=photo.meta, state="failed",
                                error_code=error.message_id, scan_id=scan_id, person_id=person.id)
            item.photos_checked += 1
            return None
        if fetched.not_modified:
            sha = photo.meta["sha256"]
            data = None
        else:
            data = fetched.data
            sha = hashlib.sha256(data).hexdigest()
        analysis = seen_content.get(sha) or cache.get(sha)
        if analysis is not None:
            self._record(photo, sha, data, analysis, scan_id, person, repo, item, connector)
            seen_content[sha] = analysis
            return None
        if data is None:  # not modified, but the analysis is gone (engine upgrade): fetch again next scan
            repo.complete_photo(photo.id, sha256_hex=sha, meta=photo.meta, state="failed",
                                error_code="scan.photo_failed", scan_id=scan_id, person_id=person.id)
            item.photos_checked += 1
            return None
        return (photo, sha, data)

    def _run_engine(self, batch, scan_id, person, repo, cache, seen_content, item, progress, ctx) -> None:
        by_key = {photo.id: (photo, sha, data) for photo, sha, data in batch}
        for key, analysis in self.engine.analyse_many(((k, v[2]) for k, v in by_key.items()), ctx):
            photo, sha, data = by_key[key]
            if analysis.error is None:
                cache.put(sha, analysis)
            seen_content[sha] = analysis
            self._record(photo, sha, data, analysis, scan_id, person, repo, item)
            self._emit(ctx, progress, force=False)  # analysis is the slow part: the count moves photo by photo
            ctx.check_cancelled()

    def _record(self, photo, sha, data, analysis, scan_id, person, repo, item, connector=None) -> None:
        # "unchecked": faces at the limit of the finest look, so smaller ones nobody checked are likely; such a
        # photo, or one with faces too small to check, must never be shown as clean ("fully_checked" false).
        meta = {**photo.meta, "too_small": analysis.too_small, "gps": analysis.gps is not None,
                "faces": len(analysis.faces), "unchecked": analysis.unchecked,
                "fully_checked": analysis.fully_checked}
        if analysis.error:
            repo.complete_photo(photo.id, sha256_hex=sha, meta=meta, state="failed", error_code=analysis.error,
                                scan_id=scan_id, person_id=person.id)
            item.photos_checked += 1
            return
        findings = []
        text = " ".join(filter(None, [photo.meta.get("caption"), photo.meta.get("location")]))
        base_signals = sig.text_signals(text, person.name)
        if analysis.gps is not None or photo.meta.get("location"):
            base_signals.add(sig.LOCATION)
        if photo.meta.get("role") in ("avatar", "header"):
            base_signals.add(sig.PROFILE_PICTURE)
        short_side = min(analysis.width, analysis.height)
        thumbnail = None
        shared = self._shared_photo_source(photo)
        if shared is not None and data is not None and any(f.encoding is not None for f in analysis.faces):
            thumbnail = make_thumbnail(data)
            if thumbnail is not None:
                shared.thumbnails[sha] = thumbnail
        for number, face in enumerate(analysis.faces):
            if face.encoding is None:
                continue
            result = self._matcher_result(face.encoding)
            # A face the family answered "not my child" about (or a copy of it) stays on record as answered:
            # it counts nowhere, and the parent can see it and undo the answer.
            answered = result.rejected_by == person.id
            level = result.rejected_level if answered else result.level
            if level is None or (result.person_id != person.id and not answered):
                continue
            signals = set(base_signals)
            if sig.is_clear_face(face.size_px, face.frontality, face.sharpness, short_side):
                signals.add(sig.CLEAR_FACE)
            if thumbnail is None:
                thumbnail = self._thumbnail(photo, sha, data, repo, connector)
            box = face.box
            findings.append({
                "face_number": number,
                "level": level,
                "answered_not_me": answered,
                "distance": round(float(result.distance), 4),
                "thumbnail": thumbnail[0] if thumbnail else None,
                "detail": {
                    "box": [box.top, box.right, box.bottom, box.left],
                    "image_size": [analysis.width, analysis.height],
                    "thumb_scale": thumbnail[1] if thumbnail else None,
                    "thumb_sha256": sha if thumbnail else None,  # which content the thumbnail shows
                    "size_px": face.size_px,
                    "frontality": round(face.frontality, 3),
                    "sharpness": round(face.sharpness, 3),
                    "signals": sorted(signals),
                },
            })
        repo.complete_photo(photo.id, sha256_hex=sha, meta=meta, findings=findings, scan_id=scan_id,
                            person_id=person.id)
        item.photos_checked += 1

    def _thumbnail(self, photo, sha, data, repo, connector) -> tuple[bytes, float] | None:
        """The results grid needs a picture for every finding. A photo that did not change since the last scan
        (304, or named by its hash) comes without bytes: reuse the thumbnail an earlier finding made of it, and
        only when there is none (the face matches now because the enrolment changed) download it once more."""
        if data is not None:
            return make_thumbnail(data)
        shared = self._shared_photo_source(photo)
        if shared is not None and sha in shared.thumbnails:
            return shared.thumbnails[sha]
        kept = repo.photo_thumbnail(photo.id, sha)
        if kept is not None or connector is None:
            return kept
        try:
            fetched = self.client.get_image(photo.image_url, allow_private=connector.allow_private,
                                            conditional=False)
        except SourceError as exc:
            log.info("no thumbnail for an unchanged photo: %s", exc.message_id)
            return None
        except Exception as exc:  # noqa: BLE001 - a missing thumbnail must not fail the scan
            log.warning("no thumbnail for an unchanged photo: %s", type(exc).__name__)
            return None
        if not fetched.data or hashlib.sha256(fetched.data).hexdigest() != sha:
            return None  # the photo changed since it was analysed: the next scan pictures it
        return make_thumbnail(fetched.data)

    def _matcher_result(self, encoding):
        return self._matcher.classify(encoding)
