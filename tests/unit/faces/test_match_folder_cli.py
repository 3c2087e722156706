"""`jikimi enroll` and `jikimi match-folder`, as a script or a person at a terminal uses them."""

from __future__ import annotations

import re
import shutil

import pytest

from desktop.app import main
from tests.unit.faces.conftest import FIXTURES

# The face_recognition CLI's result lines: path,name[,distance]
PEER_LINE = re.compile(r"^(?P<path>[^,]+),(?P<name>[^,]+)(,(?P<distance>None|\d+\.\d+(e-?\d+)?))?$")


@pytest.fixture
def folders(tmp_path):
    known, unknown = tmp_path / "known", tmp_path / "unknown"
    known.mkdir()
    unknown.mkdir()
    shutil.copy(FIXTURES / "obama.jpg", known / "obama.jpg")
    shutil.copy(FIXTURES / "obama3.jpg", known / "obama2.jpg")
    shutil.copy(FIXTURES / "biden.jpg", unknown / "biden_visit.jpg")
    shutil.copy(FIXTURES / "obama2.jpg", unknown / "speech.JPG")
    (unknown / "notes.txt").write_text("not a photo")
    from PIL import Image

    Image.new("RGB", (300, 200), (90, 140, 90)).save(unknown / "lawn.png")
    (unknown / "broken.jpg").write_bytes((FIXTURES / "obama.jpg").read_bytes()[:2500])
    return known, unknown


def results(text: str) -> dict[str, list[tuple[str, str | None]]]:
    found: dict[str, list] = {}
    for line in text.splitlines():
        if line.startswith("WARNING:"):
            continue
        match = PEER_LINE.match(line)
        assert match, f"not a peer-style line: {line!r}"
        found.setdefault(match["path"].rsplit("/", 1)[-1], []).append((match["name"], match["distance"]))
    return found


def test_match_folder_prints_peer_lines(folders, capsys):
    known, unknown = folders
    assert main(["match-folder", str(known), str(unknown), "--cpus", "1"]) == 0
    captured = capsys.readouterr()
    lines = results(captured.out)
    assert set(lines) == {"biden_visit.jpg", "speech.JPG", "lawn.png"}  # .txt ignored, broken file explained
    assert lines["speech.JPG"][0][0] in ("obama", "obama2") and lines["speech.JPG"][0][1] is None
    assert lines["biden_visit.jpg"] == [("unknown_person", None)]
    assert lines["lawn.png"] == [("no_persons_found", None)]
    assert "broken.jpg: The image is damaged" in captured.err


def test_show_distance_and_cache_on_second_run(folders, capsys, monkeypatch):
    known, unknown = folders
    assert main(["match-folder", str(known), str(unknown / "speech.JPG"), "--show-distance"]) == 0
    captured = capsys.readouterr()
    first = results(captured.out)
    assert "speech.JPG" in first, captured
    name, distance = first["speech.JPG"][0]
    assert name.startswith("obama") and 0 < float(distance) < 0.6

    from desktop.faces import engine

    def no_pool(*args, **kwargs):
        raise AssertionError("a cached photo was analysed again")

    monkeypatch.setattr(engine.FaceEngine, "analyse_many", no_pool)
    assert main(["match-folder", str(known), str(unknown / "speech.JPG"), "--show-distance", "true"]) == 0
    assert results(capsys.readouterr().out) == first


def test_tolerance_caps_the_calibrated_threshold(folders, capsys):
    known, unknown = folders
    assert main(["match-folder", str(known), str(unknown / "speech.JPG"), "--tolerance", "0.2"]) == 0
    captured = capsys.readouterr()
    assert results(captured.out)["speech.JPG"] == [("unknown_person", None)], captured
    assert main(["match-folder", str(known), str(unknown), "--tolerance", "7"]) == 2
    assert "tolerance" in capsys.readouterr().err


def test_enroll_command(tmp_path, capsys):
    assert main(["person", "add", "Minji", "--consent", "guardian"]) == 0
    capsys.readouterr()
    photos = tmp_path / "photos"
    photos.mkdir()
    for name in ("obama.jpg", "obama2.jpg", "obama3.jpg"):
        shutil.copy(FIXTURES / name, photos / name)
    assert main(["enroll", "Minji", str(photos)]) == 0
    out = capsys.readouterr().out
    assert out.count("accepted:") == 3 and "knows this face fairly well" in out


def test_enroll_with_nothing_usable_exits_2(tmp_path, capsys):
    main(["person", "add", "Minji", "--consent", "guardian"])
    from PIL import Image

    wall = tmp_path / "wall.jpg"
    Image.new("RGB", (200, 200), (10, 10, 10)).save(wall)
    assert main(["enroll", "Minji", str(wall)]) == 2
    captured = capsys.readouterr()
    assert "no face found" in captured.out and "No usable photo of Minji" in captured.err


def test_enroll_without_consent_exits_2(capsys):
    main(["person", "add", "Jiho", "--role", "student"])
    capsys.readouterr()
    assert main(["enroll", "Jiho", str(FIXTURES / "obama.jpg")]) == 2
    assert "no consent" in capsys.readouterr().err
