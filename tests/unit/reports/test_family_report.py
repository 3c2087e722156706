"""The family's PDF names each linked source the way the app does, in the family's language."""

import shutil
import subprocess

import pytest

from desktop import i18n
from desktop.reports import family_report
from desktop.scan import report as scan_report
from tests.classroom_rows import add_finished_scan

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def pdf_text(path):
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


@needs_poppler
@pytest.mark.parametrize(("lang", "folder", "bluesky"), [
    ("ko", "이 컴퓨터의 폴더: 공개", "블루스카이(Bluesky) 프로필: 공개"),
    ("en", "Folder on this computer: public", "Bluesky profile: public"),
])
def test_the_sources_section_reads_in_words_not_kind_ids(workspace, tmp_path, lang, folder, bluesky):
    child = workspace.persons.add("하늘", role="child", consent_by=["guardian"])
    add_finished_scan(workspace, child.id, [{"kind": "folder", "visibility": "public"},
                                            {"kind": "bluesky", "visibility": "public"}])
    i18n.set_language(lang)
    target = family_report.write(scan_report.load(workspace, child), tmp_path / "report.pdf", {})
    text = pdf_text(target)
    assert folder in text and bluesky in text
    assert "folder:" not in text and "bluesky:" not in text


def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@needs_poppler
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_photo_record_stays_on_one_page(scanned_workspace, tmp_path, lang):
    """The demo family's report: no photo's thumbnail on one page and its details on the next, no page that
    holds only a label."""
    from desktop import demo
    from desktop.store.scans import ScanRepository

    child = demo.demo_child(scanned_workspace)  # named in the language the demo was made in
    i18n.set_language(lang)
    data = scan_report.load(scanned_workspace, child)
    repo = ScanRepository(scanned_workspace.db, scanned_workspace.vault)
    thumbnails = {e["finding_id"]: repo.thumbnail(e["finding_id"]) for e in data.exposures}
    target = family_report.write(data, tmp_path / "report.pdf", {k: v for k, v in thumbnails.items() if v})
    level, image = i18n.tr("report.level"), i18n.tr("report.image")
    pages = pdf_pages(target)
    assert sum(page.count(f"{image} ") for page in pages) == len(data.exposures)
    for page in pages:
        assert page.count(f"{level} ") == page.count(f"{image} ")  # a record's first and last rows together
        assert len(page) > 40  # no page with a lone label


@needs_poppler
def test_one_photo_checked_is_not_1_photos(workspace, tmp_path):
    child = workspace.persons.add("Haneul", role="child", consent_by=["guardian"])
    add_finished_scan(workspace, child.id, [{"kind": "web", "visibility": "public",
                                             "exposures": [("match", ["clear_face"])]}])
    target = family_report.write(scan_report.load(workspace, child), tmp_path / "report.pdf", {})
    text = pdf_text(target)
    assert "Web page or gallery: public: anyone can see it; photos checked: 1" in text
    assert "1 photos" not in text


@needs_poppler
@pytest.mark.parametrize(("lang", "not_checked", "zero"), [
    ("en", "Web page or gallery: not checked — the page could not be read", "photos checked: 0"),
    ("ko", "웹 페이지·갤러리: 확인 못 함 — 페이지를 읽지 못했습니다", "확인한 사진 0장"),
])
def test_a_page_that_could_not_be_read_is_not_checked_in_the_pdf_never_0_photos(workspace, tmp_path, lang,
                                                                                 not_checked, zero):
    child = workspace.persons.add("Haneul", role="child", consent_by=["guardian"])
    add_finished_scan(workspace, child.id, [{"kind": "web", "visibility": "unknown", "state": "failed"},
                                            {"kind": "bluesky", "visibility": "private", "exposures": [("match", [])]}])
    i18n.set_language(lang)
    text = pdf_text(family_report.write(scan_report.load(workspace, child), tmp_path / "report.pdf", {}))
    assert not_checked in text and zero not in text
    assert i18n.tr("classprivacy.report.incomplete", count=1).split()[0] in text
