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


@pytest.mark.parametrize("lang, student_part, date", [
    ("ko", ["학생 본인 동의(14세 이상)", "학생 본인의 동의도 필요합니다", "내 얼굴을 익히고", "학생 서명",
            "보호자 서명"], "날짜"),
    ("en", ["The student's own agreement (14 or older)", "the student's own agreement", "learn my face",
            "Student's signature", "Guardian's signature"], "Date"),
])
def test_a_student_of_14_or_older_agrees_and_signs_on_their_own_slip_too(qapp, tmp_path, lang, student_part, date):
    students = [(1, "민준", "under14"), (2, "서연", "14to17"), (3, "하늘", None)]
    target = consent_letters("2학년 3반", "햇빛중학교", students, tmp_path / "letters.pdf", lang=lang)
    under_14, teen, not_recorded = [" ".join(page.split()) for page in pdf_pages(target)]  # still one page each
    assert "서연" in teen
    for phrase in student_part:
        assert phrase in teen
        assert phrase not in under_14 and phrase not in not_recorded
    assert teen.count(date) == 2 and under_14.count(date) == 1  # the guardian's date and the student's own
