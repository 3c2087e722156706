"""A teacher blurs a folder of event photos before publishing: every face is unrecognisable in the copies,
no metadata is left, the originals are untouched, and a consenting student named with --keep stays visible."""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from desktop.app import main
from desktop.faces.blur import BlurError, BlurSummary, FileOutcome, blur_folder, cover_box, summary_lines
from desktop.faces.engine import analyse_image
from desktop.faces.types import FaceBox
from desktop.store.persons import ConsentRequired
from tests.unit.faces.conftest import FIXTURES, fixture_bytes


def with_gps_and_xmp(data: bytes) -> bytes:
    """A phone-like JPEG: camera make, a GPS position and an XMP packet."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    exif[ExifTags.Base.Make] = "PhoneCam"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (37.0, 33.0, 12.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Teacher</dc:creator>'
           b"</rdf:Description></rdf:RDF></x:xmpmeta>")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes(), xmp=xmp)
    return out.getvalue()


def png_with_text(data: bytes) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Class 2-3 teacher")
    info.add_text("Location", "Maple Middle School gym")
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def overlaps(a: FaceBox, area: tuple[int, int, int, int]) -> bool:
    top, right, bottom, left = area
    return not (a.right <= left or a.left >= right or a.bottom <= top or a.top >= bottom)


def digests(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def event_folder(tmp_path):
    folder = tmp_path / "sports-day"
    (folder / "relay").mkdir(parents=True)
    (folder / "obama.jpg").write_bytes(with_gps_and_xmp(fixture_bytes("obama.jpg")))
    (folder / "relay" / "biden.png").write_bytes(png_with_text(fixture_bytes("biden.jpg")))
    (folder / "programme.txt").write_text("Relay at 10:00", encoding="utf-8")
    (folder / "broken.jpg").write_bytes(fixture_bytes("obama2.jpg")[:2000])
    return folder


def test_every_face_is_blurred_metadata_is_gone_and_originals_are_untouched(event_folder, tmp_path):
    before = digests(event_folder)
    originals = {name: analyse_image(fixture_bytes(name)) for name in ("obama.jpg", "biden.jpg")}
    out = tmp_path / "to-publish"

    summary = blur_folder(event_folder, out)

    assert digests(event_folder) == before  # originals untouched
    assert sorted(f.output for f in summary.written) == ["obama.jpg", "relay/biden.png"]
    assert summary.faces_blurred == 2 and summary.faces_kept == 0
    assert [(f.source, f.note) for f in summary.skipped] == [("programme.txt", "blur.skip_not_photo")]
    assert [(f.source, f.note) for f in summary.failed] == [("broken.jpg", "faces.image_corrupt")]
    assert not (out / "programme.txt").exists()
    by_source = {f.source: f for f in summary.written}
    assert {"exif", "gps", "xmp"} <= set(by_source["obama.jpg"].metadata)
    assert "text" in by_source["relay/biden.png"].metadata
    assert summary.metadata_removed == 2 and summary.gps_removed == 1

    for name, copy in (("obama.jpg", out / "obama.jpg"), ("biden.jpg", out / "relay" / "biden.png")):
        data = copy.read_bytes()
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and not image.info.get("exif") and not image.info.get("xmp")
        assert "icc_profile" not in image.info
        assert b"PhoneCam" not in data and b"Teacher" not in data and b"Maple" not in data
        assert image.size == (originals[name].width, originals[name].height)  # same size as the original
        original_face = originals[name].faces[0].box
        area = cover_box(original_face, image.width, image.height)
        after = analyse_image(data)
        assert not after.error
        assert not any(overlaps(face.box, area) for face in after.faces), name
        assert after.too_small == 0
    assert summary_lines(summary)[0].startswith("Copies written: 2. Faces blurred: 2; faces kept visible: 0.")


def test_the_blur_is_coarse_not_a_light_filter(tmp_path):
    """Inside the covered area the copy holds only a few distinct tones per row: the detail is gone."""
    import numpy as np

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "obama.jpg").write_bytes(fixture_bytes("obama.jpg"))
    box = analyse_image(fixture_bytes("obama.jpg")).faces[0].box
    blur_folder(folder, tmp_path / "out")

    def grey(path):
        return np.asarray(Image.open(io.BytesIO(path.read_bytes())).convert("L"), dtype=np.float64)

    original, copy = grey(folder / "obama.jpg"), grey(tmp_path / "out" / "obama.jpg")
    face = (slice(box.top, box.bottom), slice(box.left, box.right))

    def detail(pixels):  # mean absolute difference between neighbouring pixels: edges, eyes, mouth
        return float(np.abs(np.diff(pixels[face], axis=1)).mean() + np.abs(np.diff(pixels[face], axis=0)).mean())

    assert detail(copy) < detail(original) / 4
    # Outside the covered area the photo is as it was (re-encoded once, so within JPEG noise).
    corner = (slice(0, 40), slice(0, 40))
    assert np.abs(copy[corner] - original[corner]).mean() < 4


@pytest.mark.parametrize("where", ["same", "inside", "not_empty", "contains_src"])
def test_bad_output_folders_are_refused_and_nothing_is_written(tmp_path, where):
    src = tmp_path / "photos"
    src.mkdir()
    (src / "obama.jpg").write_bytes(fixture_bytes("obama.jpg"))
    before = digests(src)
    out = {"same": src, "inside": src / "blurred", "not_empty": tmp_path / "full",
           "contains_src": tmp_path}[where]
    if where == "not_empty":
        out.mkdir()
        (out / "keep-me.jpg").write_bytes(b"mine")
    with pytest.raises(BlurError) as caught:
        blur_folder(src, out)
    assert caught.value.message_id == {"same": "blur.out_inside_src", "inside": "blur.out_inside_src",
                                       "not_empty": "blur.out_not_empty",
                                       "contains_src": "blur.src_inside_out"}[where]
    assert digests(src) == before
    assert not (src / "blurred").exists()
    if where == "not_empty":
        assert (out / "keep-me.jpg").read_bytes() == b"mine"


def enrol_obama(workspace, consent=("guardian",)):
    from desktop.faces.enrol import enrol

    person = workspace.persons.add("하늘", role="student", age_band="under14", consent_by=list(consent))
    report = enrol(workspace, person, [FIXTURES / "obama2.jpg", FIXTURES / "obama3.jpg"])
    assert report.accepted
    return person


def test_keep_leaves_a_consenting_students_face_and_blurs_the_rest(workspace, tmp_path):
    enrol_obama(workspace)
    src = tmp_path / "photos"
    src.mkdir()
    (src / "obama.jpg").write_bytes(fixture_bytes("obama.jpg"))
    (src / "biden.jpg").write_bytes(fixture_bytes("biden.jpg"))

    summary = blur_folder(src, tmp_path / "out", ["하늘"], workspace=workspace)

    by_source = {f.source: f for f in summary.written}
    assert (by_source["obama.jpg"].faces_kept, by_source["obama.jpg"].faces_blurred) == (1, 0)
    assert (by_source["biden.jpg"].faces_kept, by_source["biden.jpg"].faces_blurred) == (0, 1)
    kept = analyse_image((tmp_path / "out" / "obama.jpg").read_bytes())
    assert len(kept.identifiable_faces) == 1
    assert analyse_image((tmp_path / "out" / "biden.jpg").read_bytes()).faces == ()


def test_keep_is_refused_for_a_student_without_consent(workspace, tmp_path):
    person = enrol_obama(workspace)
    workspace.persons.record_consent(person.id, "requested")
    src = tmp_path / "photos"
    src.mkdir()
    (src / "obama.jpg").write_bytes(fixture_bytes("obama.jpg"))
    with pytest.raises(ConsentRequired) as caught:
        blur_folder(src, tmp_path / "out", ["하늘"], workspace=workspace)
    assert caught.value.message_id == "consent.pending"
    assert not (tmp_path / "out").exists()


def test_cli_blur_prints_the_summary_and_refuses_keep_without_consent(capsys, tmp_path):
    src = tmp_path / "photos"
    src.mkdir()
    (src / "obama.jpg").write_bytes(with_gps_and_xmp(fixture_bytes("obama.jpg")))
    code = main(["blur", str(src), str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == ("Copies written: 1. Faces blurred: 1; faces kept visible: 0. Copies with "
                                   "metadata removed: 1 (with a GPS position: 1).")
    assert "obama.jpg → obama.jpg: 1 blurred, 0 kept" in out

    assert main(["person", "add", "민준", "--role", "student"]) == 0
    code = main(["--lang", "ko", "blur", str(src), str(tmp_path / "out2"), "--keep", "민준"])
    err = capsys.readouterr().err
    assert code == 2 and "동의" in err
    assert not (tmp_path / "out2").exists()


def test_heic_becomes_jpeg_without_metadata(tmp_path):
    import pillow_heif  # a dependency (HEIC photos from phones): missing, this fails rather than skips

    pillow_heif.register_heif_opener()
    src = tmp_path / "photos"
    src.mkdir()
    image = Image.open(io.BytesIO(fixture_bytes("obama.jpg")))
    exif = image.getexif()
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (37.0, 33.0, 12.0), 3: "E", 4: (126.0, 58.0, 40.0)}
    image.save(src / "IMG_0001.HEIC", "HEIF", exif=exif.tobytes())
    summary = blur_folder(src, tmp_path / "out")
    assert [f.output for f in summary.written] == ["IMG_0001.jpg"]
    copy = Image.open(io.BytesIO((tmp_path / "out" / "IMG_0001.jpg").read_bytes()))
    assert copy.format == "JPEG" and not copy.getexif()
    assert summary.faces_blurred == 1 and summary.gps_removed == 1


# --- real photos from ../shared ------------------------------------------------------------------------
def test_real_group_photos_blurred_except_the_kept_student(shared_data, workspace, tmp_path):
    from desktop.faces.enrol import enrol

    faces = shared_data / "faces" / "examples"
    person = workspace.persons.add("민준", role="student", age_band="under14", consent_by=["guardian"])
    assert enrol(workspace, person, sorted((faces / "knn_examples" / "train" / "obama").glob("*.jpg"))).accepted
    src = tmp_path / "event"
    src.mkdir()
    for name in ("obama_and_biden.jpg", "kit_with_rose.jpg"):
        (src / name).write_bytes(with_gps_and_xmp((faces / "knn_examples" / "test" / name).read_bytes()))
    shutil.copy(faces / "two_people.jpg", src / "two_people.jpg")
    originals = {p.name: analyse_image(p.read_bytes()) for p in src.iterdir()}

    summary = blur_folder(src, tmp_path / "out", ["민준"], workspace=workspace)

    by_source = {f.source: f for f in summary.written}
    # Obama (the enrolled "student") appears in obama_and_biden.jpg and two_people.jpg; Biden beside him.
    assert {name: (f.faces_kept, f.faces_blurred >= 1) for name, f in by_source.items()} == {
        "obama_and_biden.jpg": (1, True), "two_people.jpg": (1, True), "kit_with_rose.jpg": (0, True)}
    assert sorted(f.source for f in summary.written) == ["kit_with_rose.jpg", "obama_and_biden.jpg",
                                                         "two_people.jpg"]
    from desktop.faces.matching import Matcher

    matcher = Matcher.for_persons(workspace, [person.id])
    for name, original in originals.items():
        data = (tmp_path / "out" / name).read_bytes()
        copy = Image.open(io.BytesIO(data))
        assert not copy.getexif() and "exif" not in copy.info and b"PhoneCam" not in data
        after = analyse_image(data)
        kept = [f for f in original.identifiable_faces
                if matcher.classify(f.encoding).level == "match"]
        blurred_areas = [cover_box(f.box, original.width, original.height)
                         for f in original.identifiable_faces if f not in kept]
        for face in after.faces:
            assert not any(overlaps(face.box, area) for area in blurred_areas), name
        # The kept face is still there and still recognised as the student.
        assert len(after.identifiable_faces) == len(kept)
        for face in after.identifiable_faces:
            assert matcher.classify(face.encoding).level == "match"


def test_a_large_folder_is_blurred_in_the_worker_processes_with_the_same_result(event_folder, tmp_path,
                                                                                  monkeypatch):
    """A school's event folder holds hundreds of photos: faces are found on every core, and the copies, the
    counts and the per-file notes are exactly what one process makes, file for file."""
    from desktop.faces import blur
    from desktop.faces.engine import FaceEngine

    for n in range(4):
        shutil.copy(event_folder / "obama.jpg", event_folder / f"obama-{n}.jpg")
    with monkeypatch.context() as patch:
        patch.setattr(blur, "POOL_FROM", 10**6)  # this run in the test's own process
        here = blur_folder(event_folder, tmp_path / "here")
    with FaceEngine(workers=2) as engine:
        pooled = blur_folder(event_folder, tmp_path / "pooled", engine=engine)
    assert digests(tmp_path / "pooled") == digests(tmp_path / "here")
    for kind in ("written", "skipped", "failed"):
        assert [(f.source, f.output, f.faces_blurred, f.note) for f in getattr(pooled, kind)] == \
               [(f.source, f.output, f.faces_blurred, f.note) for f in getattr(here, kind)]
    assert pooled.faces_blurred == here.faces_blurred == 6


def test_an_empty_photo_folder_is_refused_not_read_as_the_folder_the_app_started_in(tmp_path, monkeypatch, capsys):
    started_in = tmp_path / "home"
    started_in.mkdir()
    (started_in / "family.jpg").write_bytes(fixture_bytes("obama.jpg"))
    monkeypatch.chdir(started_in)
    with pytest.raises(BlurError) as caught:
        blur_folder("", tmp_path / "copies")
    assert caught.value.message_id == "blur.src_empty"
    with pytest.raises(BlurError) as caught:
        blur_folder(started_in, "  ")
    assert caught.value.message_id == "blur.out_empty"
    assert main(["blur", "", str(tmp_path / "copies")]) != 0
    assert "Choose the photo folder first" in capsys.readouterr().err
    assert not (tmp_path / "copies").exists()


def test_the_summary_reads_naturally_for_a_single_photo_and_each_reason_is_a_sentence():
    summary = BlurSummary("photos", "out", written=[
        FileOutcome("class.jpg", "class.jpg", faces_blurred=1, metadata=("exif", "gps"))])
    summary.skipped.append(FileOutcome("video.mp4", note="blur.skip_not_photo"))
    summary.failed.append(FileOutcome("broken.jpg", note="faces.image_corrupt"))
    summary.failed.append(FileOutcome("locked.jpg", note="blur.cannot_read"))
    lines = summary_lines(summary)
    assert lines[0] == ("Copies written: 1. Faces blurred: 1; faces kept visible: 0. Copies with metadata removed: 1 "
                        "(with a GPS position: 1).")
    assert ("video.mp4: skipped. It is not a photo: videos and documents are not copied, so check them yourself "
            "before publishing.") in lines
    assert "broken.jpg: not copied. The image is damaged or cut short and cannot be read." in lines
    assert ("locked.jpg: not copied. The file could not be read. Check that it is not open in another program and "
            "that you may read it.") in lines
