"""The dlib models that ship with ``face_recognition_models``, loaded lazily (importing them costs ~1 s)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.log import get_logger

if TYPE_CHECKING:
    from desktop.faces.resnet import FaceNet

log = get_logger("faces")


def model_paths() -> dict[str, Path]:
    with warnings.catch_warnings():
        # face_recognition_models still imports pkg_resources; harmless, and not ours to change.
        warnings.simplefilter("ignore")
        import face_recognition_models as frm
    return {
        "landmarks_5": Path(frm.pose_predictor_five_point_model_location()),
        "landmarks_68": Path(frm.pose_predictor_model_location()),
        "encoder": Path(frm.face_recognition_model_location()),
    }


def load_face_net(path: Path) -> FaceNet | None:
    """dlib's face-recognition ResNet read from ``path`` into numpy (``resnet.py``, ~0.1 s), or None when the file
    cannot be read that way (missing, truncated, another network, results off dlib's): then dlib's own encoder
    encodes, slower but the same."""
    from desktop.faces.resnet import EncoderModelError, FaceNet

    try:
        return FaceNet(path)
    except EncoderModelError as exc:
        log.warning("face encoder in numpy unavailable, dlib's encoder is used: %s", exc)
        return None


def load_and_describe() -> str:
    """Load the models dlib needs for detection and encoding, and the background cohort calibration compares
    people with; raise if any is missing or unreadable."""
    import dlib

    from desktop.faces.background import load_background

    paths = model_paths()
    for name, path in paths.items():
        if not path.is_file():
            raise FileNotFoundError(f"face model {name} missing")
    dlib.get_frontal_face_detector()
    dlib.shape_predictor(str(paths["landmarks_5"]))
    dlib.face_recognition_model_v1(str(paths["encoder"]))
    encoder = "ResNet encoder (numpy)" if load_face_net(paths["encoder"]) is not None else "ResNet encoder (dlib)"
    cohort = load_background().encodings
    if cohort.ndim != 2 or cohort.shape[1] != 128 or not len(cohort):
        raise ValueError("background cohort unreadable")
    return (f"dlib {dlib.__version__}: HOG detector, 5-point landmarks, {encoder}; "
            f"background cohort of {len(cohort)} faces")
