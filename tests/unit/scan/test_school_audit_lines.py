"""What the teacher reads after checking school photos: plain sentences, singular where there is one of a thing,
no empty "(page: -)" for a photo in a folder, and a reason that reads as its own sentence."""

from desktop import i18n
from desktop.scan.school_audit import PhotoCheck, SchoolCheck, result_lines


def event_folder() -> SchoolCheck:
    return SchoolCheck("/photos/sports-day", "folder", photos=[
        PhotoCheck("relay.jpg", without_consent=[2], with_consent=[1]),
        PhotoCheck("crowd.jpg", unidentified=1),
        PhotoCheck("notes.txt", error="faces.image_unsupported"),
    ])


def test_a_folder_check_reads_naturally_with_one_of_each():
    lines = result_lines(event_folder())
    assert lines == [
        "Photos checked: 3. Identifiable faces: 3. Photos to take down: 1. Photos to look at: 1 "
        "(faces Jikimi does not know: 1).",
        "Take down or blur (students whose guardians' consent is not in force):",
        "  relay.jpg: student 2",
        "Look at these (faces Jikimi does not know: make sure each family agreed to publication):",
        "  crowd.jpg: 1 unknown face",
        "  notes.txt: could not be checked. This is not a photo format Jikimi reads (JPEG, PNG, WebP, GIF, HEIC, "
        "BMP).",
        # A file not checked is never an all-clear: what is in it is unknown.
        "1 photo could not be checked (listed above): nothing is known about who is in it, so this is not an "
        "all-clear.",
    ]


def test_a_gallery_check_names_the_page_and_counts_in_the_plural():
    gallery = SchoolCheck("https://school.example.kr/gallery", "web", photos=[
        PhotoCheck("https://school.example.kr/a.jpg", page="https://school.example.kr/post/7", without_consent=[2, 5]),
        PhotoCheck("https://school.example.kr/b.jpg", page="https://school.example.kr/post/8", unidentified=3),
        PhotoCheck("https://school.example.kr/c.jpg", page="https://school.example.kr/post/9",
                   error="sources.too_large", error_values={"megabytes": 25}),
    ])
    lines = result_lines(gallery)
    assert "  https://school.example.kr/a.jpg (page: https://school.example.kr/post/7): students 2, 5" in lines
    assert "  https://school.example.kr/b.jpg (page: https://school.example.kr/post/8): 3 unknown faces" in lines
    assert ("  https://school.example.kr/c.jpg: could not be checked. The site sent more than 25 MB for one item, "
            "so Jikimi stopped reading it.") in lines


def test_the_korean_lines_have_no_empty_page_either():
    i18n.set_language("ko")
    lines = result_lines(event_folder())
    assert "  relay.jpg: 2번 학생" in lines and "  crowd.jpg: 모르는 얼굴 1개" in lines
    assert not any("페이지: -" in line for line in lines)
    assert lines[-2].startswith("  notes.txt: 확인하지 못했습니다. ")
    assert lines[-1].startswith("사진 1장은 확인하지 못했습니다")
