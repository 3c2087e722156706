"""Consent letters: one page per student, Korean or English, with the return slip filled in."""

import pytest

from desktop.reports.consent_letter import consent_letters


def pdf_pages(path):
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    return [document.getAllText(page).text() for page in range(document.pageCount())]


@pytest.mark.parametrize("lang, expected", [
    ("ko", ["회신서: 지킴이 동의", "동의를 철회", "암호화", "보호자 성명", "서명", "날짜", "동의하지 않습니다"]),
    ("en", ["Return slip", "withdraw your consent", "encrypted", "Guardian's name", "Signature", "Date",
            "I do not agree."]),
])
def test_one_page_per_student_with_the_slip_filled_in(qapp, tmp_path, lang, expected):
    target = consent_letters("2학년 3반", "햇빛중학교", [(1, "민준"), (2, "똠방")], tmp_path / "letters.pdf", lang=lang)
    pages = pdf_pages(target)
    assert len(pages) == 2
    for number, nickname, page in zip((1, 2), ("민준", "똠방"), pages, strict=True):
        flat = " ".join(page.split())
        assert nickname in flat and "2학년 3반" in flat and "햇빛중학교" in flat
        assert f" {number} " in f" {flat} "
        for phrase in expected:
            assert phrase in flat
    assert b"NanumGothic" in target.read_bytes()
