"""Consent letters (가정통신문): a notice and a form per student, Korean or English, true to what Jikimi keeps."""

import datetime as dt

import pytest

from desktop.reports.consent_letter import LetterDetails, consent_letters, end_of_school_year


def pdf_pages(path):
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    document.load(str(path))
    return [document.getAllText(page).text() for page in range(document.pageCount())]


def flat(text):
    return " ".join(text.split())


DETAILS = LetterDetails(date=dt.date(2026, 3, 4), return_by=dt.date(2026, 3, 11), contact="담임 김하늘 02-123-4567")


@pytest.mark.parametrize("lang, notice_phrases, form_phrases", [
    ("ko", ["목적", "수집 항목", "민감정보", "생체인식정보", "썸네일", "암호화", "보유 기간", "2027년 2월 28일까지",
            "철회", "담임교사는 학급 전체 합계", "학생별 결과는 가정용으로 봉인", "동의하지 않을 권리", "불이익",
            "2026년 3월 4일", "2026년 3월 11일까지", "문의: 담임 김하늘 02-123-4567"],
     ["동의서", "1. 개인정보 수집·이용 동의", "2. 민감정보(생체인식정보: 얼굴 특징값) 처리 동의 (별도 동의)",
      "보호자 성명", "서명", "날짜", "동의하지 않습니다"]),
    ("en", ["Purpose", "Data collected", "Sensitive (biometric) data", "thumbnail", "encrypted", "How long",
            "Until 28/2/2027", "Withdrawing", "class-level totals only",
            "Per-student results are sealed for the family",
            "Your right to refuse", "no disadvantage", "4/3/2026", "by 11/3/2026",
            "Questions: 담임 김하늘 02-123-4567"],
     ["Consent form", "1. Consent to collect and use personal data", "2. Consent to process sensitive data",
      "Guardian's name", "Signature", "Date", "I do not agree."]),
])
def test_each_student_gets_a_complete_notice_and_a_form_with_separate_biometric_consent(qapp, tmp_path, lang,
                                                                                     notice_phrases, form_phrases):
    target = consent_letters("2학년 3반", "햇빛중학교", [(1, "민준"), (2, "똠방")], tmp_path / "letters.pdf",
                             lang=lang, details=DETAILS)
    pages = [flat(page) for page in pdf_pages(target)]
    assert len(pages) == 4
    for number, nickname, (notice, form) in zip((1, 2), ("민준", "똠방"), (pages[0:2], pages[2:4]), strict=True):
        for phrase in notice_phrases:
            assert phrase in notice
        for phrase in form_phrases:
            assert phrase in form
        assert nickname in form and "2학년 3반" in form and "햇빛중학교" in form
        assert f" {number} " in f" {form} "
    assert b"NanumGothic" in target.read_bytes()


@pytest.mark.parametrize("lang, untrue", [
    ("ko", ["사본은 보관하지 않습니다", "교사는 학급 전체 합계만 보고, 자녀의 사진은 보지 않습니다"]),
    ("en", ["does not keep copies", "never your child's photos"]),
])
def test_the_letter_no_longer_says_nothing_is_kept(qapp, tmp_path, lang, untrue):
    target = consent_letters("2-3", None, [(1, "민준")], tmp_path / "letters.pdf", lang=lang)
    text = flat(" ".join(pdf_pages(target)))
    for phrase in untrue:
        assert phrase not in text


def test_without_a_deadline_or_contact_the_teacher_fills_them_in_by_hand(qapp, tmp_path):
    target = consent_letters("2-3", None, [(1, "민준")], tmp_path / "letters.pdf", lang="ko")
    notice = flat(pdf_pages(target)[0])
    assert "____________________까지 담임교사에게" in notice and "문의: ____________________" in notice


def test_the_retention_period_ends_with_the_korean_school_year():
    assert end_of_school_year(dt.date(2026, 3, 2)) == dt.date(2027, 2, 28)
    assert end_of_school_year(dt.date(2027, 1, 15)) == dt.date(2027, 2, 28)
    assert end_of_school_year(dt.date(2027, 9, 1)) == dt.date(2028, 2, 29)


@pytest.mark.parametrize("lang, student_part, date", [
    ("ko", ["학생 본인 동의(14세 이상)", "학생 본인의 동의도 필요합니다", "내 얼굴 특징값을", "학생 서명",
            "보호자 서명"], "날짜"),
    ("en", ["The student's own agreement (14 or older)", "the student's own agreement", "a description of my face",
            "Student's signature", "Guardian's signature"], "Date"),
])
def test_a_student_of_14_or_older_agrees_and_signs_on_their_own_form_too(qapp, tmp_path, lang, student_part, date):
    students = [(1, "민준", "under14"), (2, "서연", "14to17"), (3, "하늘", None)]
    target = consent_letters("2학년 3반", "햇빛중학교", students, tmp_path / "letters.pdf", lang=lang)
    pages = [flat(page) for page in pdf_pages(target)]
    assert len(pages) == 6  # the form still fits on one page
    under_14, teen, not_recorded = pages[1], pages[3], pages[5]
    assert "서연" in teen
    for phrase in student_part:
        assert phrase in teen
        assert phrase not in under_14 and phrase not in not_recorded
    assert teen.count(date) == 2 and under_14.count(date) == 1  # the guardian's date and the student's own
