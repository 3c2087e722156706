"""Class and group photos, built here from the shipped public-domain portraits (tests/fixtures/faces): small
faces are found (identified, or counted too small with their box), the right person is named on the right face,
``match-folder --json`` reports every face with its box, no photo with faces the engine could not check is
reported clean, and blur before publishing shows its review sheet before writing."""

from __future__ import annotations

import io
import json
import shutil

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from desktop.app import main
from desktop.faces.engine import analyse_image
from tests.unit.faces.conftest import FIXTURES, fixture_bytes, jpeg_bytes

# (portrait, face width in the group photo, centre x, centre y) on a 2400 x 1600 photo: a back row of small faces
# (what the old 800-px engine never saw), a middle row and a front row.
SEATS = (
    ("obama2.jpg", 58, 500, 420), ("biden.jpg", 62, 900, 430), ("obama3.jpg", 60, 1300, 410),
    ("biden.jpg", 64, 1700, 420),
    ("obama3.jpg", 100, 700, 800), ("biden.jpg", 104, 1200, 790), ("obama2.jpg", 96, 1700, 810),
    ("biden.jpg", 170, 900, 1250), ("obama3.jpg", 160, 1550, 1240),
)


def _face_boxes() -> dict[str, tuple[int, int, int, int]]:
    boxes = {}
    for name in ("obama2.jpg", "obama3.jpg", "biden.jpg"):
        (face,) = analyse_image(fixture_bytes(name)).identifiable_faces
        boxes[name] = (face.box.left, face.box.top, face.box.right, face.box.bottom)
    return boxes


def group_photo(size=(2400, 1600), seats=SEATS) -> tuple[bytes, list[dict]]:
    """A group photo of the shipped portraits on a classroom-like wall, and the truth: who sits where."""
    boxes = _face_boxes()
    rng = np.random.default_rng(7)
    base = np.ones((size[1] // 8, size[0] // 8, 3)) * np.array([205, 200, 185]) + rng.normal(0, 4, (size[1] // 8,
                                                                                                   size[0] // 8, 3))
    canvas = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)).resize(size, Image.Resampling.BICUBIC)
    ImageDraw.Draw(canvas).rectangle([300, 60, 2100, 300], fill=(40, 70, 55))
    truth = []
    scale_x = size[0] / 2400
    for name, width, cx, cy in seats:
        portrait = Image.open(FIXTURES / name).convert("RGB")
        left, top, right, bottom = boxes[name]
        factor = width * scale_x / (right - left)
        crop = portrait.crop((int(left - 0.5 * (right - left)), int(top - 0.7 * (bottom - top)),
                              int(right + 0.5 * (right - left)), int(bottom + 0.9 * (bottom - top))))
        crop = crop.resize((max(2, round(crop.width * factor)), max(2, round(crop.height * factor))),
                           Image.Resampling.LANCZOS)
        mask = Image.new("L", crop.size, 0)
        ImageDraw.Draw(mask).ellipse([crop.width * 0.05, 0, crop.width * 0.95, crop.height * 1.2], fill=255)
        mask = mask.filter(ImageFilter.GaussianBlur(max(1, crop.width // 30)))
        face_left = cx * scale_x - width * scale_x / 2
        face_top = cy * scale_x - (bottom - top) * factor / 2
        canvas.paste(crop, (round(face_left - 0.5 * (right - left) * factor),
                            round(face_top - 0.7 * (bottom - top) * factor)), mask)
        truth.append({"person": "biden" if name == "biden.jpg" else "obama", "source": name,
                      "box": (face_left, face_top, width * scale_x, (bottom - top) * factor)})
    return jpeg_bytes(canvas, quality=90), truth


def _matches(box, truth_box) -> bool:
    x, y, w, h = box
    tx, ty, tw, th = truth_box
    cx, cy = x + w / 2, y + h / 2
    return tx <= cx <= tx + tw and ty <= cy <= ty + th


@pytest.fixture(scope="module")
def group():
    return group_photo()


def test_every_face_of_a_group_photo_is_found_including_the_small_back_row(group):
    data, truth = group
    analysis = analyse_image(data)
    found = [(f.box.left, f.box.top, f.box.width, f.box.height) for f in analysis.faces]
    found += [(b.left, b.top, b.width, b.height) for b in analysis.small_faces]
    for seat in truth:
        assert any(_matches(box, seat["box"]) for box in found), seat
    assert len(found) == len(truth)  # nothing invented
    # Boxes are in the photo's own pixels: a back-row face is about as wide as it was pasted.
    back_row = [box for box in found if box[1] < 600]
    assert len(back_row) == 4 and all(45 <= box[2] <= 95 for box in back_row)


def test_the_old_working_size_alone_would_have_missed_the_back_row(group):
    """What the deep look adds: the cheap pass on the 800-px working image cannot see 60-px faces of a
    2400-px photo (they are 20 px there)."""
    from desktop.faces.engine import _cheap_pass, _Models
    from desktop.faces.loading import load_image

    data, _truth = group
    rects, _ = _cheap_pass(_Models.get(), load_image(data).pixels)
    assert len(rects) < len(SEATS) - 3


def test_a_1080_px_re_encode_finds_the_faces_from_30_px_and_says_it_may_hold_more(group):
    data, truth = group
    small = Image.open(io.BytesIO(data)).resize((1080, 720), Image.Resampling.LANCZOS)
    analysis = analyse_image(jpeg_bytes(small, quality=80))
    scale = 1080 / 2400
    found = [(f.box.left, f.box.top, f.box.width, f.box.height) for f in analysis.faces]
    found += [(b.left, b.top, b.width, b.height) for b in analysis.small_faces]
    for seat in truth:
        x, y, w, h = seat["box"]
        if w * scale >= 30:
            assert any(_matches(box, (x * scale, y * scale, w * scale, h * scale)) for box in found), seat
    # The back row is ~27 px there, below what the engine can see, behind faces found near that limit: the
    # photo says it may hold more.
    assert analysis.unchecked and not analysis.fully_checked
    assert 0 < analysis.searched_px <= 40


def test_a_1080_px_group_photo_goes_straight_to_its_finest_look(group, monkeypatch):
    """A school site's 1080-px class photo: after the first cheap pass the engine scans the photo at its own size
    upsampled once, and does not first repeat that at the coarser working size (it cost a third of the time).
    That finest look scans only the scales the first pass could not see, not the whole pyramid again."""
    from desktop.faces import engine

    data, _truth = group
    small = Image.open(io.BytesIO(data)).resize((1080, 720), Image.Resampling.LANCZOS)
    looks: list[tuple[int, int, int | None]] = []
    real_detections = engine._detections

    def recorded(models, pixels, upsample, threshold=engine.DETECTION_THRESHOLD, levels=None):
        looks.append((max(pixels.shape[:2]), upsample, levels))
        return real_detections(models, pixels, upsample, threshold, levels)

    monkeypatch.setattr(engine, "_detections", recorded)
    analysis = analyse_image(jpeg_bytes(small, quality=80))
    assert [(side, upsample) for side, upsample, _levels in looks] == [(800, 0), (1080, 1)]
    assert looks[0][2] is None and looks[1][2] is not None and looks[1][2] <= 8
    assert len(analysis.faces) + analysis.too_small >= 5


def test_finer_looks_cut_to_the_scales_left_find_what_the_whole_pyramid_finds(group, monkeypatch):
    """Each finer look scans only the scales the coarser looks could not see (a quarter of the upsampled pass's
    work on a photo without faces) and a little past the faces they found, so that those are found again from
    the finer pixels. The result is the whole pyramid's, box for box: on the group photo, its 1080-px copy, a
    phone-size photo of one person some way off, and a portrait."""
    from desktop.faces import engine

    data, _truth = group
    small = jpeg_bytes(Image.open(io.BytesIO(data)).resize((1080, 720), Image.Resampling.LANCZOS), quality=80)
    far = _phone_photo_with([(190, (1900, 1200))])  # a face 190 px wide: at the upsampled working pass's limit
    photos = [data, small, far, fixture_bytes("biden.jpg")]

    def boxes() -> list:
        found = []
        for photo in photos:
            analysis = analyse_image(photo)
            found.append(([f.box for f in analysis.faces], analysis.small_faces, analysis.searched_px,
                          analysis.unchecked))
        return found

    cut = boxes()
    monkeypatch.setattr(engine._Models, "finest_levels", lambda self, levels, pixels=0: self.detector)
    assert cut == boxes()
    assert len(cut[2][0]) == 1  # the person some way off is found


def _phone_photo_with(widths_and_places) -> bytes:
    """A 4032-px phone photo with heads of the given face widths pasted at the given places."""
    left, top, right, bottom = _face_boxes()["obama2.jpg"]
    head = Image.open(FIXTURES / "obama2.jpg").convert("RGB").crop((left - 40, top - 60, right + 40, bottom + 60))
    photo = Image.new("RGB", (4032, 3024), (120, 150, 110))
    for width, where in widths_and_places:
        factor = width / (right - left)
        photo.paste(head.resize((round(head.width * factor), round(head.height * factor))), where)
    return jpeg_bytes(photo, quality=85)


@pytest.mark.parametrize(("behind", "finest_look"), [(140, 3200), (105, 4032)])
def test_a_phone_photo_of_one_child_some_way_off_is_searched_behind_them(monkeypatch, behind, finest_look):
    """A 4032-px phone photo with one face near the cheap pass's limit: the band of the photo around it is
    searched at twice that pass's resolution (3200 px, faces from ~90 px), not at the photo's full size. A
    child further back is found; when that child is at the limit of that look too, the band is searched again
    at full size, and the photo is fully checked either way."""
    from desktop.faces import engine

    looks: list[int] = []
    real_detections = engine._detections

    def recorded(models, pixels, upsample, threshold=engine.DETECTION_THRESHOLD, levels=None):
        looks.append(max(pixels.shape[:2]) * (2 if upsample else 1))
        return real_detections(models, pixels, upsample, threshold, levels)

    monkeypatch.setattr(engine, "_detections", recorded)
    analysis = analyse_image(_phone_photo_with([(190, (1900, 1500)), (behind, (700, 1150))]))
    assert sorted(face.box.width > 160 for face in analysis.faces) == [False, True]
    assert max(looks) == finest_look
    assert analysis.fully_checked and analysis.searched_px == round(engine.HOG_MIN_BOX * 4032 / finest_look)


def test_a_2000_px_photo_of_one_child_some_way_off_is_searched_behind_them_beyond_its_own_size():
    """The band's look at twice the cheap pass's resolution is more than a 2000-px photo has: the photo is
    enlarged to it (never scanned at its own size while claiming the finer limit), and the child further back,
    52 px wide, is found; the photo says honestly how small a face it could see."""
    photo = Image.open(io.BytesIO(_phone_photo_with([(190, (1900, 1500)), (105, (700, 1150))])))
    analysis = analyse_image(jpeg_bytes(photo.resize((2000, 1500), Image.Resampling.LANCZOS), quality=90))
    assert len(analysis.faces) == 2
    assert analysis.searched_px <= 50


def test_a_detector_cut_to_its_finest_levels_sees_small_faces_only():
    """The cut is real: three levels of the pyramid find a small face and no longer a large one."""
    from desktop.faces.engine import _Models, _run

    models = _Models.get()
    portrait = np.asarray(Image.open(FIXTURES / "obama2.jpg").convert("L"))
    canvas = np.full((portrait.shape[0] * 2, portrait.shape[1] * 2), 128, np.uint8)
    shrunk = np.asarray(Image.fromarray(portrait).resize((portrait.shape[1] // 4, portrait.shape[0] // 4)))
    canvas[:portrait.shape[0], :portrait.shape[1]] = portrait  # a large face
    canvas[-shrunk.shape[0]:, -shrunk.shape[1]:] = shrunk  # a small one
    whole = _run(models, canvas, 1)
    finest = _run(models, canvas, 1, levels=3)
    assert len(whole) == 2
    assert len(finest) == 1 and finest[0].height() < min(r.height() for r in whole) * 1.2


def test_a_detector_cut_for_a_large_photo_is_not_kept_with_its_buffers():
    """A detector keeps the buffers of its last scan (~70 MB after a 12-MP photo): the working-size scans reuse
    theirs, a scan of a large photo gets its own, let go afterwards, so a worker's memory stays flat."""
    from desktop.faces.engine import _Models

    models = _Models.get()
    assert models.finest_levels(5) is models.finest_levels(5)
    assert models.finest_levels(5, pixels=12_000_000) is not models.finest_levels(5, pixels=12_000_000)


def test_a_detector_that_cannot_be_copied_keeps_its_whole_pyramid():
    """No temporary folder to write the cut copy in (a full or read-only disk): the whole pyramid is scanned."""
    from desktop.faces.engine import _detector_with_levels

    class Unwritable:
        def save(self, path: str) -> None:
            raise OSError(28, "No space left on device")

    unwritable = Unwritable()
    assert _detector_with_levels(None, unwritable, 4) is unwritable


def test_a_detector_that_serialises_differently_keeps_its_whole_pyramid(tmp_path):
    """A future dlib whose detector is written differently: the engine scans the whole pyramid (slower, never
    blinder) rather than editing bytes it does not understand."""
    from desktop.faces.engine import _detector_with_levels

    class Unknown:
        def save(self, path: str) -> None:
            with open(path, "wb") as out:
                out.write(bytes([1, 3, 1, 1, 1, 0, 1, 0, 1, 8, 1, 0, 1, 80, 1, 80, 2, 0xE8, 3, 1, 64, 1, 64, 0]))

    unknown = Unknown()
    assert _detector_with_levels(None, unknown, 4) is unknown


def test_a_face_half_behind_a_raised_hand_in_a_row_of_faces_is_still_found(group):
    """A middle-row child raises a hand across the lower half of the face: the detector is unsure of it, but it
    sits in a row of faces its size, so it is found (and then identified or not on its own merits)."""
    data, truth = group
    photo = Image.open(io.BytesIO(data)).convert("RGB")
    x, y, w, h = truth[5]["box"]
    ImageDraw.Draw(photo).ellipse([x - w * 0.2, y + h * 0.5, x + w * 0.6, y + h * 1.4], fill=(224, 180, 150))
    analysis = analyse_image(jpeg_bytes(photo, quality=90))
    found = [(f.box.left, f.box.top, f.box.width, f.box.height) for f in analysis.faces]
    found += [(b.left, b.top, b.width, b.height) for b in analysis.small_faces]
    assert any(_matches(box, truth[5]["box"]) for box in found)
    assert len(found) == len(truth)  # and nothing invented


def test_blur_covers_a_front_row_face_behind_a_hand_that_a_scan_would_not_claim(group):
    """Two children in the front row, one behind a raised hand: too unsure for a scan to call it a face, but blur
    before publishing would rather blur a patch too many than leave a child visible."""
    data, truth = group
    photo = Image.open(io.BytesIO(data)).convert("RGB")
    x, y, w, h = truth[7]["box"]
    ImageDraw.Draw(photo).ellipse([x - w * 0.2, y + h * 0.55, x + w * 0.6, y + h * 1.4], fill=(224, 180, 150))
    covered = jpeg_bytes(photo, quality=90)

    def found(analysis):
        boxes = [(f.box.left, f.box.top, f.box.width, f.box.height) for f in analysis.faces]
        boxes += [(b.left, b.top, b.width, b.height) for b in analysis.small_faces]
        return any(_matches(box, truth[7]["box"]) for box in boxes)

    assert not found(analyse_image(covered))
    assert found(analyse_image(covered, thorough=True))


def test_a_half_face_at_the_edge_scoring_low_is_blurred_at_the_end_of_a_row_of_faces_only():
    """Blur before publishing: a child half outside the photo, made whole beside its mirror image, scores a little
    below a whole face. At the end of a row of whole faces its size it is a face and is blurred; beside a single
    face or alone it is as often a sleeve or a flag's star, and is left; a confident one always counts."""
    from desktop.faces.engine import _Candidate, _Look, _Models, _partial
    from desktop.faces.loading import LoadedImage

    dlib = _Models.get().dlib
    photo = LoadedImage(pixels=np.zeros((6, 10, 3), np.uint8), scale=1.0, width=1000, height=600)
    look = _Look(1.0, 0)
    row = [_Candidate((500 + 150 * i, 200, 540 + 150 * i, 240), look) for i in range(3)]
    half_face = dlib.rectangle(0, 203, 20, 243)
    assert len(_partial([(half_face, -0.2)], photo, look, row)) == 1
    assert _partial([(half_face, -0.2)], photo, look, row[:1]) == []
    assert _partial([(half_face, -0.2)], photo, look, []) == []
    assert len(_partial([(half_face, 0.3)], photo, look, [])) == 1
    # One face found by two looks (boxes a little apart) is still one face beside it, not a row.
    twice = [row[0], _Candidate((502, 201, 543, 241), look)]
    assert _partial([(half_face, -0.2)], photo, look, twice) == []


def test_an_unsure_detection_outside_any_row_of_faces_is_not_a_face():
    from desktop.faces.engine import _in_a_row

    class Rect:
        def __init__(self, top, height):
            self._top, self._height = top, height

        def top(self):
            return self._top

        def bottom(self):
            return self._top + self._height

        def height(self):
            return self._height

    row = [(Rect(400, 60), 0.8), (Rect(410, 64), 0.5)]
    unsure_in_row, unsure_alone = (Rect(405, 62), -0.1), (Rect(900, 60), -0.1)
    unsure_other_size = (Rect(400, 150), -0.1)
    kept = _in_a_row(row + [unsure_in_row, unsure_alone, unsure_other_size])
    assert unsure_in_row[0] in kept and unsure_alone[0] not in kept and unsure_other_size[0] not in kept
    assert _in_a_row([unsure_in_row]) == []  # no row, no face: a bridge's girder scores like this too


def test_a_single_portrait_is_fully_checked():
    analysis = analyse_image(fixture_bytes("obama.jpg"))
    assert analysis.fully_checked and not analysis.unchecked and analysis.searched_px > 0


def test_match_folder_json_names_the_right_person_on_the_right_face(group, tmp_path, capsys):
    data, truth = group
    known, photos = tmp_path / "known", tmp_path / "photos"
    known.mkdir()
    photos.mkdir()
    shutil.copy(FIXTURES / "obama.jpg", known / "obama.jpg")
    shutil.copy(FIXTURES / "obama2.jpg", known / "obama2.jpg")  # also seated: the same photo, resized
    (photos / "class.jpg").write_bytes(data)
    (photos / "portrait.jpg").write_bytes(fixture_bytes("obama3.jpg"))
    Image.new("RGB", (300, 200), (90, 140, 90)).save(photos / "lawn.png")

    assert main(["match-folder", str(known), str(photos), "--json", "--cpus", "1"]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)  # stdout is the JSON document alone
    by_name = {p["path"].rsplit("/", 1)[-1]: p for p in result["photos"]}
    assert set(by_name) == {"class.jpg", "portrait.jpg", "lawn.png"}
    assert by_name["lawn.png"]["faces"] == [] and by_name["lawn.png"]["fully_checked"]
    portrait = by_name["portrait.jpg"]["faces"]
    assert len(portrait) == 1 and portrait[0]["name"] == "obama" and portrait[0]["level"] in ("match", "possible")
    photo = by_name["class.jpg"]
    assert (photo["width"], photo["height"]) == (2400, 1600)
    assert len(photo["faces"]) == len(truth)
    for face in photo["faces"]:
        assert set(face) == {"box", "level", "name", "file", "distance"}
        assert set(face["box"]) == {"x", "y", "w", "h"}
        assert face["level"] in ("match", "possible", "unknown", "too_small")
        box = tuple(face["box"][k] for k in ("x", "y", "w", "h"))
        (seat,) = [s for s in truth if _matches(box, s["box"])]
        if face["name"] is not None:
            assert face["name"] == "obama" == seat["person"]  # never Obama's name on Biden's face
            assert face["file"] in ("obama", "obama2") and 0 <= face["distance"] <= 0.6
        if face["level"] == "unknown":
            assert face["distance"] is None or face["distance"] > 0
    named = [f for f in photo["faces"] if f["name"] == "obama"]
    assert len(named) >= 4  # Obama's faces, back row included, are named


def test_a_photo_with_faces_at_the_limit_is_never_reported_clean(tmp_path, capsys):
    data, _truth = group_photo()
    small = Image.open(io.BytesIO(data)).resize((1080, 720), Image.Resampling.LANCZOS)
    known, photos = tmp_path / "known", tmp_path / "photos"
    known.mkdir()
    photos.mkdir()
    shutil.copy(FIXTURES / "obama.jpg", known / "obama.jpg")
    small.save(photos / "class-sns.jpg", quality=80)
    assert main(["match-folder", str(known), str(photos), "--json"]) == 0
    (photo,) = json.loads(capsys.readouterr().out)["photos"]
    assert photo["unchecked"] is True and photo["fully_checked"] is False


def test_the_school_photo_check_lists_a_photo_with_unchecked_faces_to_look_at():
    from desktop.scan.school_audit import PhotoCheck, SchoolCheck, result_lines

    result = SchoolCheck("event", "folder", photos=[PhotoCheck("class.jpg", unchecked=True),
                                                     PhotoCheck("portrait.jpg")])
    assert [p.image for p in result.to_check] == ["class.jpg"]
    lines = result_lines(result)
    assert not any("No photo shows" in line for line in lines)
    assert any(line.startswith("  class.jpg: may show more faces") for line in lines)


def test_the_analysis_round_trips_through_the_cache_format_with_its_coverage():
    from desktop.faces.serial import analysis_from_dict, analysis_to_dict
    from desktop.faces.types import FaceBox, ImageAnalysis

    analysis = ImageAnalysis(width=100, height=80, too_small=1, small_faces=(FaceBox(1, 20, 21, 2),),
                             searched_px=36, unchecked=True, edge_faces=(FaceBox(5, 10, 30, 0),))
    assert analysis_from_dict(json.loads(json.dumps(analysis_to_dict(analysis)))) == analysis
    old = analysis_to_dict(analysis)
    for key in ("small_faces", "searched_px", "unchecked", "edge_faces"):
        del old[key]  # an analysis cached by an older engine
    restored = analysis_from_dict(old)
    assert restored.too_small == 1 and restored.small_faces == () and not restored.unchecked


# --- blur before publishing ---------------------------------------------------------------------------
def test_blur_covers_every_face_of_the_group_photo_and_reviews_before_writing(group, tmp_path):
    from desktop.faces.blur import plan_blur, write_copies
    from desktop.reports.blur_review import write_review_sheet

    data, truth = group
    src = tmp_path / "event"
    src.mkdir()
    (src / "class.jpg").write_bytes(data)
    # A half face at the left edge: the mirrored border finds it.
    half = Image.open(io.BytesIO(data)).crop((900, 700, 2400, 1600))
    half.save(src / "edge.jpg", quality=90)

    plan = plan_blur(src, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing written before the review
    sheet = write_review_sheet(plan, tmp_path / "review.pdf")
    assert sheet.read_bytes().startswith(b"%PDF") and plan.summary.review == str(sheet)
    by_source = {o.source: o for o in plan.summary.written}
    assert by_source["class.jpg"].faces_blurred == len(truth)
    edge = by_source["edge.jpg"]
    assert "blur.warn_edge" in edge.warnings and edge.faces_blurred >= 3
    summary = write_copies(plan)
    assert sorted(o.output for o in summary.written) == ["class.jpg", "edge.jpg"]
    copy = np.asarray(Image.open(tmp_path / "out" / "class.jpg").convert("L"), dtype=np.float64)
    original = np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.float64)
    for seat in truth:  # every face, back row included, lost its detail
        x, y, w, h = (round(v) for v in seat["box"])
        face = (slice(y, y + h), slice(x, x + w))

        def detail(pixels, face=face):
            return float(np.abs(np.diff(pixels[face], axis=1)).mean())

        assert detail(copy) < detail(original) / 3, seat
    after = analyse_image((tmp_path / "out" / "class.jpg").read_bytes(), thorough=True)
    assert after.faces == () and after.small_faces == ()


def test_cli_blur_writes_the_review_sheet_beside_the_copies_and_names_a_kept_student_not_found(tmp_path, capsys):
    data, _truth = group_photo()
    src = tmp_path / "event"
    src.mkdir()
    (src / "class.jpg").write_bytes(data)
    assert main(["person", "add", "민준", "--role", "student", "--age-band", "under14", "--consent",
                 "guardian"]) == 0
    assert main(["enroll", "민준", str(FIXTURES / "obama.jpg"), str(FIXTURES / "obama2.jpg"),
                 str(FIXTURES / "obama3.jpg")]) == 0
    capsys.readouterr()
    # The dry run finds the faces and writes the review sheet only.
    code = main(["blur", str(src), str(tmp_path / "out"), "--keep", "민준", "--dry-run"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert not (tmp_path / "out").exists()
    assert (tmp_path / "out-review.pdf").read_bytes().startswith(b"%PDF")
    assert "Nothing was copied (--dry-run)" in out

    empty = tmp_path / "no-students"
    empty.mkdir()
    Image.new("RGB", (400, 300), (120, 150, 200)).save(empty / "sky.jpg")
    code = main(["blur", str(empty), str(tmp_path / "out2"), "--keep", "민준", "--review",
                 str(tmp_path / "sheet.pdf")])
    out = capsys.readouterr().out
    assert code == 1  # a kept student not found needs the publisher's attention
    assert "민준 was not recognised in any photo" in out
    assert (tmp_path / "sheet.pdf").is_file() and (tmp_path / "out2" / "sky.jpg").is_file()
