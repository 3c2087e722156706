"""A case worker receives the case file: a readable PDF with Hangul, and a ZIP whose manifest verifies."""

import json
import shutil
import subprocess
import zipfile

import pytest

from desktop import i18n
from desktop.core.records import record_sha256
from desktop.reports.case_export import export_pdf, export_zip, verify_manifest
from desktop.reports.evidence import capture_from_bytes
from tests.unit.reports.test_evidence import IMAGE


@pytest.fixture
def case_id(workspace):
    person = workspace.persons.add("민지", consent_by=["guardian"])
    cases = workspace.cases
    case = cases.create("단체방 합성 사진", person_id=person.id)
    record = capture_from_bytes(IMAGE, page_url="https://forum.example/post/9", image_url="https://cdn.example/x.jpg",
                                status=200, headers={"Content-Type": "image/jpeg", "Server": "nginx"})
    cases.add_evidence(case.id, record.to_dict())
    cases.add_note(case.id, "담임 선생님께 알림")
    cases.record_report(case.id, "kcsc", reference="1377-2025-0301")
    return case.id


def _pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_embeds_the_hangul_font_and_shows_the_record(workspace, case_id, tmp_path):
    i18n.set_language("ko")
    target = export_pdf(workspace, case_id, tmp_path / "case.pdf")
    raw = target.read_bytes()
    assert raw.startswith(b"%PDF") and b"/FontFile2" in raw and b"NanumGothic" in raw
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
        assert "NanumGothic" in fonts and all(" yes yes " in line for line in fonts.splitlines()[2:])
    text = _pdf_text(target)
    record = workspace.cases.evidence(case_id)[0]
    for expected in ("단체방 합성 사진", "민지", "담임 선생님께 알림", "1377-2025-0301", record.record["sha256"],
                     record.record["md5"], record.record["pdq"], "https://cdn.example/x.jpg", "nginx", "UTC"):
        assert expected in text, expected


def test_zip_manifest_lists_each_record_with_its_sha256_and_verifies(workspace, case_id, tmp_path):
    target = export_zip(workspace, case_id, tmp_path / "case.zip")
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == ["case.pdf", "manifest.json"]  # no image bytes
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["case"]["title"] == "단체방 합성 사진"
    [item] = manifest["records"]
    assert item["record_sha256"] == record_sha256(item["record"])
    assert item["record"]["http_headers"]["server"] == "nginx"
    assert [e["detail"].get("reference") for e in manifest["events"] if e["kind"] == "report"] == ["1377-2025-0301"]
    assert verify_manifest(target) == []


def test_a_changed_record_or_pdf_is_detected(workspace, case_id, tmp_path):
    target = export_zip(workspace, case_id, tmp_path / "case.zip")
    with zipfile.ZipFile(target) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        pdf = archive.read("case.pdf")
    manifest["records"][0]["record"]["image_url"] = "https://elsewhere.example/y.jpg"
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("case.pdf", pdf + b"%")
        archive.writestr("extra.txt", "x")
    problems = verify_manifest(tampered)
    assert len(problems) == 3
    assert any("was changed" in p and "Record" in p for p in problems)
    assert any("case.pdf" in p for p in problems) and any("extra.txt" in p for p in problems)
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    assert verify_manifest(tmp_path / "junk.zip") == ["This is not a readable ZIP file."]
