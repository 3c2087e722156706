"""ImageAnalysis to and from plain JSON-able data (for the encrypted face cache)."""

from __future__ import annotations

import base64

import numpy as np

from desktop.faces.types import DetectedFace, FaceBox, ImageAnalysis


def _encode_vector(values) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode("ascii")


def _decode_vector(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in np.frombuffer(base64.b64decode(text), dtype="<f8"))


def analysis_to_dict(analysis: ImageAnalysis) -> dict:
    return {
        "width": analysis.width,
        "height": analysis.height,
        "too_small": analysis.too_small,
        "gps": list(analysis.gps) if analysis.gps else None,
        "error": analysis.error,
        "small_faces": [[b.top, b.right, b.bottom, b.left] for b in analysis.small_faces],
        "searched_px": analysis.searched_px,
        "unchecked": analysis.unchecked,
        "edge_faces": [[b.top, b.right, b.bottom, b.left] for b in analysis.edge_faces],
        "faces": [
            {
                "box": [face.box.top, face.box.right, face.box.bottom, face.box.left],
                "encoding": _encode_vector(face.encoding) if face.encoding is not None else None,
                "size_px": face.size_px,
                "frontality": face.frontality,
                "sharpness": face.sharpness,
            }
            for face in analysis.faces
        ],
    }


def analysis_from_dict(data: dict) -> ImageAnalysis:
    faces = tuple(
        DetectedFace(
            box=FaceBox(*face["box"]),
            encoding=_decode_vector(face["encoding"]) if face["encoding"] is not None else None,
            size_px=face["size_px"],
            frontality=face["frontality"],
            sharpness=face["sharpness"],
        )
        for face in data["faces"]
    )
    gps = tuple(data["gps"]) if data.get("gps") else None
    return ImageAnalysis(
        width=data["width"], height=data["height"], faces=faces, too_small=data["too_small"], gps=gps,
        error=data.get("error"), small_faces=tuple(FaceBox(*box) for box in data.get("small_faces") or ()),
        searched_px=int(data.get("searched_px") or 0), unchecked=bool(data.get("unchecked")),
        edge_faces=tuple(FaceBox(*box) for box in data.get("edge_faces") or ()),
    )
