import sys

from desktop.crash import build_report


def test_crash_report_names_the_code_path_but_no_personal_data():
    try:
        raise KeyError("Minji's photo https://cdn.example.org/child.jpg 010-1234-5678")
    except KeyError:
        report = build_report(*sys.exc_info())
    assert "KeyError" in report
    assert "test_crash.py" in report
    assert "Minji" not in report
    assert "cdn.example.org" not in report
    assert "1234-5678" not in report
