"""School pages audit: which published (or about-to-be-published) school photos show students who must not
appear there.

The teacher points Jikimi at a folder of event photos or a school gallery page (the web connector follows the
gallery's pages). Every photo is fetched and analysed; each identifiable face is matched against the enrolled
students of the class:

- only a confident ``match`` to a student whose consent is in force counts as known (may be published);
- a confident ``match`` to a student whose consent is not in force (requested, refused, withdrawn, or the young
  person's own agreement missing) is flagged: the photo goes on the take-down list;
- a ``possible`` resemblance (to anyone, consenting or not) is uncertain, never "known": the photo goes on the
  "to review" list, and so does a face that matches no enrolled student (unidentified: Jikimi cannot tell
  whether that child's guardians agreed, since students without consent are never enrolled);
- a photo that could not be fetched or analysed is listed as not checked, and the result never reads
  "all clear" while one is;
- faces too small to identify are counted.

The teacher is the publisher here, so the result lists the photos (file names or URLs) and the student
numbers seen; it never shows names, and the log holds counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core import consent as consent_rules
from desktop.core.tasks import TaskContext
from desktop.log import get_logger
from desktop.sources.base import SourceError
from desktop.store.db import StorageError

log = get_logger("school_audit")


@dataclass
class PhotoCheck:
    image: str  # file path inside the folder, or image URL
    page: str | None = None  # the page it is published on
    without_consent: list[int] = field(default_factory=list)  # student numbers whose consent is not in force
    with_consent: list[int] = field(default_factory=list)
    unidentified: int = 0
    uncertain: int = 0  # faces that only resemble a student (``possible``): a person must look
    too_small: int = 0
    # Faces at the limit of the finest look: the photo probably shows more, smaller faces nobody checked.
    unchecked: bool = False
    error: str | None = None  # message id when the photo could not be checked
    error_values: dict = field(default_factory=dict)  # the values that message needs

    @property
    def faces(self) -> int:
        return len(self.without_consent) + len(self.with_consent) + self.unidentified + self.uncertain

    @property
    def to_review(self) -> int:
        """Faces a person must look at: unknown, or only resembling a student."""
        return self.unidentified + self.uncertain


@dataclass
class SchoolCheck:
    source: str
    kind: str  # "folder" or "web"
    photos: list[PhotoCheck] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def take_down(self) -> list[PhotoCheck]:
        return [p for p in self.photos if p.without_consent]

    @property
    def to_check(self) -> list[PhotoCheck]:
        """Photos a person must look at: faces Jikimi does not know, too small to check, or probably missed.
        A photo whose faces could not all be checked is never "all clear"."""
        return [p for p in self.photos
                if not p.without_consent and (p.to_review or p.too_small or p.unchecked)]

    @property
    def not_checked(self) -> list[PhotoCheck]:
        return [p for p in self.photos if p.error]

    @property
    def uncertain(self) -> int:
        return sum(p.uncertain for p in self.photos)

    @property
    def faces(self) -> int:
        return sum(p.faces for p in self.photos)

    @property
    def unidentified(self) -> int:
        return sum(p.unidentified for p in self.photos)


class _InProcessEngine:
    """Analyses photos one by one in this process (small folders; tests)."""

    def analyse_many(self, items, ctx=None):
        from desktop.faces.engine import analyse_image

        for key, data in items:
            if ctx is not None:
                ctx.check_cancelled()
            yield key, analyse_image(data)

    def close(self) -> None:
        return None


def kind_of_source(src: str) -> str:
    """"web" for a web address, "folder" for a folder on this computer; otherwise ``schoolpages.bad_source``."""
    from pathlib import Path

    if src.lower().startswith(("http://", "https://")):
        return "web"
    if Path(src).expanduser().is_dir():
        return "folder"
    raise StorageError("schoolpages.bad_source", source=src)


def check_photos(workspace, class_id: int, src: str, allow_private: bool = False, client=None, engine=None,
                 ctx: TaskContext | None = None) -> SchoolCheck:
    """Check a folder or gallery URL against the class. Raises ``StorageError`` with a message id when the
    source cannot be read at all or no student of the class is enrolled."""
    from desktop.faces.matching import Matcher
    from desktop.i18n import tr
    from desktop.sources.http import HttpClient
    from desktop.sources.registry import check_target, connector_for

    ctx = ctx or TaskContext()
    classes = workspace.classes
    classes.get(class_id)
    roster = classes.roster(class_id)
    enrolled = set(workspace.persons.enrolled_ids())
    students = {m.person.id: m for m in roster if m.person.id in enrolled}
    if not students:
        raise StorageError("schoolpages.no_enrolled")
    consenting = {pid for pid, m in students.items() if consent_rules.may_process(m.person, m.consent)}
    matcher = Matcher.for_persons(workspace, sorted(students))
    kind = kind_of_source(src)
    own_client = client is None and kind == "web"
    if own_client:
        client = HttpClient(validator_store=None)
    own_engine = engine is None
    engine = engine or _InProcessEngine()
    result = SchoolCheck(src, kind)
    connector = None
    try:
        try:
            target = check_target(kind, src)
            connector = connector_for(kind, target, client=client, allow_private=allow_private)
            listing = connector.list_photos(ctx)
        except SourceError as exc:
            raise StorageError(exc.message_id, str(exc), **exc.values) from exc
        result.notices = list(dict.fromkeys(listing.notices))
        photos = listing.photos
        checks = [PhotoCheck(ref.image_url, ref.post_url) for ref in photos]
        result.photos.extend(checks)

        def downloads():
            # Fetched one at a time as the engine asks for more, so memory stays flat on a large gallery.
            for index, ref in enumerate(photos):
                ctx.check_cancelled()
                ctx.progress(index, len(photos), tr("schoolpages.progress", done=index + 1, total=len(photos)))
                try:
                    yield index, connector.fetch_image(ref).data
                except SourceError as exc:
                    checks[index].error = exc.message_id
                    checks[index].error_values = dict(exc.values)

        for index, analysis in engine.analyse_many(downloads(), ctx):
            check = checks[index]
            if analysis.error:
                check.error = analysis.error
                continue
            check.too_small = analysis.too_small
            check.unchecked = analysis.unchecked
            for face in analysis.identifiable_faces:
                found = matcher.classify(face.encoding)
                member = students.get(found.person_id) if found.level is not None else None
                if member is None:
                    check.unidentified += 1
                elif found.level != "match":
                    check.uncertain += 1  # a resemblance is not knowing who it is
                elif found.person_id in consenting:
                    check.with_consent.append(member.number)
                else:
                    check.without_consent.append(member.number)
        for check in result.photos:
            check.with_consent.sort()
            check.without_consent.sort()
        ctx.progress(len(photos), len(photos), "")
    finally:
        close = getattr(connector, "close", None)
        if close is not None:
            close()
        if own_client and client is not None:
            client.close()
        if own_engine:
            engine.close()
    log.info("school pages check: %d photos, %d faces, %d to take down, %d to check", len(result.photos),
             result.faces, len(result.take_down), len(result.to_check))
    return result


def result_lines(result: SchoolCheck) -> list[str]:
    """The result in words for the teacher (photo names and student numbers; never a student's name)."""
    from desktop.i18n import tr

    lines = [tr("schoolpages.summary", photos=len(result.photos), faces=result.faces,
                take_down=len(result.take_down), check=len(result.to_check), unidentified=result.unidentified)]
    for notice in result.notices:
        lines.append(tr(notice))
    if result.take_down:
        lines.append(tr("schoolpages.take_down_heading"))
        for photo in result.take_down:
            numbers = ", ".join(str(n) for n in photo.without_consent)
            lines.append(_photo_line(("schoolpages.take_down_line", "schoolpages.take_down_line_no_page"), photo,
                                     numbers=numbers, count=len(photo.without_consent)))
    if result.to_check:
        lines.append(tr("schoolpages.check_heading"))
        for photo in result.to_check:
            if photo.to_review:
                lines.append(_photo_line(("schoolpages.check_line", "schoolpages.check_line_no_page"), photo,
                                         count=photo.to_review))
            if photo.too_small or photo.unchecked:
                lines.append(tr("schoolpages.check_line_unchecked" if photo.unchecked
                                else "schoolpages.check_line_too_small", image=photo.image, count=photo.too_small))
        if result.uncertain:
            lines.append(tr("schoolpages.uncertain_note", count=result.uncertain))
    failed = result.not_checked
    for photo in failed:
        assert photo.error is not None, "not_checked holds only the photos with an error"
        lines.append(tr("schoolpages.failed_line", image=photo.image, reason=tr(photo.error, **photo.error_values)))
    if failed:
        lines.append(tr("schoolpages.not_all_checked", count=len(failed)))
    elif not result.take_down and not result.to_check:
        lines.append(tr("schoolpages.all_clear"))
    return lines


def _photo_line(message_ids: tuple[str, str], photo: PhotoCheck, **values) -> str:
    """One photo's line, with the page it is published on when there is one (a folder's photos have none):
    ``message_ids`` is (with the page, without)."""
    from desktop.i18n import tr

    with_page, without_page = message_ids
    if photo.page:
        return tr(with_page, image=photo.image, page=photo.page, **values)
    return tr(without_page, image=photo.image, **values)
