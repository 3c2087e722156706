"""A class audit reads the class's own pages (the school's gallery, the class blog) once, for the first
student, and matches every other student against what that first read found: a gallery of 100 photos and a
class of 25 cost 100 requests, not 2,500 at one a second. Outside a class audit nothing is remembered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.sources.base import SourceListing

if TYPE_CHECKING:
    from desktop.scan.thumbnails import PictureKey, Thumbnail


@dataclass
class ClassPage:
    """A class page as read earlier in the same class audit: its listing, and the photos already downloaded or
    confirmed unchanged, so the next student's scan matches them without asking the school's server again."""

    listing: SourceListing
    checked: set[int] = field(default_factory=set)  # photo ids
    # Pictures of the photos with faces, by content hash and face (None: the whole photo; a face box: the crop
    # around that face, never lent to another face), made while their bytes were at hand: a face that only the
    # next student's enrolment matches still gets its picture without a download.
    thumbnails: dict[tuple[str, PictureKey], Thumbnail] = field(default_factory=dict)


class ClassPages:
    """The class pages read so far in one class audit, by source id (nothing when ``remembering`` is off)."""

    def __init__(self, remembering: bool):
        self.remembering = remembering
        self._pages: dict[int, ClassPage] = {}

    def page(self, source) -> ClassPage | None:
        """The earlier read of this source, when it is a class page read earlier in this audit."""
        return self._pages.get(source.id) if source.class_id is not None else None

    def page_of(self, photo) -> ClassPage | None:
        return self._pages.get(photo.source_id)

    def remember(self, source, listing: SourceListing) -> None:
        if self.remembering and source.class_id is not None:
            self._pages[source.id] = ClassPage(listing)

