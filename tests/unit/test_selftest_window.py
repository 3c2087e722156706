"""`jikimi self-test` says whether the window can open here, and on a bare Linux desktop which packages to
install (the xcb plugin's missing libraries, found with ldd)."""

from __future__ import annotations

import sys

import pytest

from desktop import selftest
from desktop.app import main


def test_self_test_starts_the_window_system_in_a_subprocess(capsys):
    assert main(["self-test"]) == 0
    assert "[  ok] Window: the window system starts (offscreen)" in capsys.readouterr().out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb window system is Linux's")
def test_a_window_system_that_cannot_start_names_the_packages_to_install(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":4242")  # no such display: Qt cannot start, as on a bare machine
    monkeypatch.setattr(selftest, "missing_libraries", lambda plugin: ["libxcb-icccm.so.4", "libxcb-cursor.so.0"])
    result = selftest.check_window_platform()
    assert result.status == selftest.FAIL
    assert result.detail == ("the window cannot open: missing libxcb-icccm.so.4, libxcb-cursor.so.0."
                             " On Debian/Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4")
