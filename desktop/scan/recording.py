"""From one analysed photo to what the store keeps of it: the photo's facts (faces, location, whether every
face could be checked) and the person's findings in it, each with its signals and thumbnail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core import signals as sig
from desktop.scan.thumbnails import NO_THUMBNAIL
from desktop.sources.base import PhotoRef

if TYPE_CHECKING:
    from desktop.core.models import Person
    from desktop.faces.matching import Matcher
    from desktop.faces.types import DetectedFace, ImageAnalysis
    from desktop.scan.thumbnails import FindingThumbnails
    from desktop.store.scans import PhotoRow


@dataclass(frozen=True)
class PhotoContent:
    """A photo and its content: the SHA-256 of its bytes, and the bytes when this scan downloaded them (None
    for a photo that answered "not modified" or is named by its hash)."""

    photo: PhotoRow
    sha: str
    data: bytes | None


def photo_ref(photo: PhotoRow) -> PhotoRef:
    """The stored photo as its connector knows it, to fetch it or ask whether its address names its content."""
    return PhotoRef(photo.image_url, photo.post_url, photo.meta.get("taken_at"), photo.meta.get("caption", ""),
                    photo.visibility, photo.meta.get("role", "post"), photo.meta.get("location"))


def photo_meta(photo: PhotoRow, analysis: ImageAnalysis) -> dict[str, Any]:
    # "unchecked": faces at the limit of the finest look, so smaller ones nobody checked are likely; such a
    # photo, or one with faces too small to check, must never be shown as clean ("fully_checked" false).
    return {**photo.meta, "too_small": analysis.too_small, "gps": analysis.gps is not None,
            "faces": len(analysis.faces), "unchecked": analysis.unchecked, "fully_checked": analysis.fully_checked}


def photo_signals(photo: PhotoRow, analysis: ImageAnalysis, name: str) -> set[str]:
    """What the photo tells about the child whatever the face: caption, place, being a profile picture."""
    text = " ".join(filter(None, [photo.meta.get("caption"), photo.meta.get("location")]))
    signals = sig.text_signals(text, name)
    if analysis.gps is not None or photo.meta.get("location"):
        signals.add(sig.LOCATION)
    if photo.meta.get("role") in ("avatar", "header"):
        signals.add(sig.PROFILE_PICTURE)
    return signals


class PersonFindings:
    """The faces of one person in an analysed photo, classified by the matcher of the scan they belong to."""

    def __init__(self, person: Person, matcher: Matcher, thumbnails: FindingThumbnails):
        self.person = person
        self.matcher = matcher
        self.thumbnails = thumbnails

    def of(self, content: PhotoContent, analysis: ImageAnalysis, connector=None) -> list[dict[str, Any]]:
        signals = photo_signals(content.photo, analysis, self.person.name)
        self.thumbnails.keep_for_class(content, analysis)
        matched = []
        for number, face in enumerate(analysis.faces):
            if face.encoding is None:
                continue
            result = self.matcher.classify(face.encoding)
            # A face the family answered "not my child" about (or a copy of it) stays on record as answered:
            # it counts nowhere, and the parent can see it and undo the answer.
            answered = result.rejected_by == self.person.id
            level = result.rejected_level if answered else result.level
            if level is None or (result.person_id != self.person.id and not answered):
                continue
            matched.append((number, face, level, answered, result.distance))
        # Each finding's own picture (the whole photo, or a crop around its face), all from one decode.
        faces = [face for _, face, *_ in matched]
        pictures = self.thumbnails.for_faces(content, analysis, faces, connector) if matched else []
        findings = []
        for (number, face, level, answered, distance), thumbnail in zip(matched, pictures, strict=True):
            findings.append({
                "face_number": number,
                "level": level,
                "answered_not_me": answered,
                "distance": round(float(distance), 4),
                "thumbnail": thumbnail.data if thumbnail else None,
                "detail": {
                    **face_detail(face, analysis),
                    # the scale and offset that place the face on it, and which content it shows
                    **(thumbnail.fields(content.sha) if thumbnail else NO_THUMBNAIL),
                    "signals": sorted(signals | face_signals(face, analysis)),
                },
            })
        return findings


def face_detail(face: DetectedFace, analysis: ImageAnalysis) -> dict[str, Any]:
    """Where the face is and how well it shows, for the results grid and the evidence."""
    box = face.box
    return {"box": [box.top, box.right, box.bottom, box.left], "image_size": [analysis.width, analysis.height],
            "size_px": face.size_px, "frontality": round(face.frontality, 3), "sharpness": round(face.sharpness, 3)}


def face_signals(face: DetectedFace, analysis: ImageAnalysis) -> set[str]:
    short_side = min(analysis.width, analysis.height)
    return {sig.CLEAR_FACE} if sig.is_clear_face(face.size_px, face.frontality, face.sharpness, short_side) else set()
