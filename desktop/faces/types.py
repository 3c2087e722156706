"""What the face engine reports about one image. Plain data, safe to cache (encrypted) and to pickle
between worker processes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FaceBox:
    top: int
    right: int
    bottom: int
    left: int  # pixel coordinates in the original image, after EXIF orientation

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def width(self) -> int:
        return self.right - self.left


@dataclass(frozen=True)
class DetectedFace:
    box: FaceBox
    encoding: tuple[float, ...] | None  # 128-d dlib encoding; None when too small to identify
    size_px: int  # the face's height in original pixels
    frontality: float  # 0 = profile … 1 = looking straight at the camera
    sharpness: float  # 0 = blurred … 1 = sharp


@dataclass(frozen=True)
class ImageAnalysis:
    width: int
    height: int
    faces: tuple[DetectedFace, ...] = ()
    too_small: int = 0  # faces found but too small to check ("face too small to check")
    gps: tuple[float, float] | None = None  # EXIF GPS latitude, longitude when present
    error: str | None = None  # message id when the image could not be used (corrupt, unsupported, too big)
    # Where the faces counted in ``too_small`` are (original pixels). Empty in analyses cached by older engines.
    small_faces: tuple[FaceBox, ...] = ()
    # The smallest face (box height, original pixels) the finest look at this photo could find; 0 when unknown.
    searched_px: int = 0
    # True when faces were found at the very limit of the finest look: the photo probably shows more, smaller
    # faces that nobody checked. Such a photo must never be shown as clean.
    unchecked: bool = False
    # Faces cut by the photo's edge, found only by the thorough look (blur before publishing): never identified.
    edge_faces: tuple[FaceBox, ...] = ()

    @property
    def identifiable_faces(self) -> tuple[DetectedFace, ...]:
        return tuple(face for face in self.faces if face.encoding is not None)

    @property
    def fully_checked(self) -> bool:
        """Every face in the photo was found and identified: none too small, none probably missed. A photo that
        is not fully checked may show people the results cannot name: say so, never call it clean."""
        return self.error is None and self.too_small == 0 and not self.unchecked and not self.edge_faces


@dataclass(frozen=True)
class MatchResult:
    person_id: int | None
    level: str | None  # "match" (confident), "possible" (a person must confirm) or None
    distance: float
    # Set when the family answered "not my child" about this face or a copy of it: whose answer that was, and
    # the level the references alone would give. Such a face is nobody's finding (person_id and level None).
    rejected_by: int | None = None
    rejected_level: str | None = None
