"""``jikimi self-test``: can this installation do its job? Each check prints one line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop import i18n
from desktop.paths import AppPaths
from desktop.resources import BOLD_FONT, REGULAR_FONT, asset

# Set for a child process that only starts Qt's window system (desktop/app.py answers it).
PLATFORM_PROBE_ENV = "JIKIMI_QT_PLATFORM_PROBE"

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class CheckResult:
    name_id: str
    status: str
    detail: str


def check_database(paths: AppPaths, passcode: str | None) -> CheckResult:
    from desktop.store.db import schema_version
    from desktop.store.workspace import open_workspace

    workspace = open_workspace(paths, passcode)
    try:
        version = workspace.db.user_version
        if not workspace.db.integrity_ok():
            return CheckResult("selftest.database", FAIL, i18n.tr("selftest.db_integrity_failed"))
        if version != schema_version():
            return CheckResult("selftest.database", FAIL, f"schema {version} != {schema_version()}")
        return CheckResult("selftest.database", OK, i18n.tr("selftest.db_ok", version=version))
    finally:
        workspace.close()


def check_key_storage(paths: AppPaths, passcode: str | None) -> CheckResult:
    from desktop.secrets import MODE_FILE, MODE_KEYRING, MODE_PASSCODE, KeyStore

    status = KeyStore(paths).status()
    if status.mode == MODE_KEYRING:
        return CheckResult("selftest.keys", OK, i18n.tr("selftest.keys_keyring", backend=status.backend))
    if status.mode == MODE_PASSCODE:
        return CheckResult("selftest.keys", OK, i18n.tr("selftest.keys_passcode"))
    if status.mode == MODE_FILE:
        return CheckResult("selftest.keys", WARN, i18n.tr("settings.key_fallback_banner"))
    return CheckResult("selftest.keys", FAIL, i18n.tr("selftest.keys_missing"))


def check_fonts() -> CheckResult:
    from PIL import ImageFont

    for name in (REGULAR_FONT, BOLD_FONT):
        path = asset("fonts", name)
        if not path.exists():
            return CheckResult("selftest.fonts", FAIL, i18n.tr("selftest.font_missing", name=name))
        font = ImageFont.truetype(str(path), 24)
        # A font without Hangul draws "tofu" boxes of identical width; real glyphs differ in shape.
        masks = {bytes(font.getmask(ch)) for ch in "지킴이한글"}
        if len(masks) < 5:
            return CheckResult("selftest.fonts", FAIL, i18n.tr("selftest.font_no_hangul", name=name))
    return CheckResult("selftest.fonts", OK, i18n.tr("selftest.fonts_ok", name=REGULAR_FONT))


def check_translations() -> CheckResult:
    catalogs = {lang: i18n.catalog(lang) for lang in i18n.LANGUAGES}
    ko, en = catalogs["ko"], catalogs["en"]
    missing = sorted(ko.keys() ^ en.keys())
    if missing:
        return CheckResult("selftest.translations", FAIL, ", ".join(missing[:5]))
    mismatched = [k for k in ko if i18n.placeholders(ko[k]) != i18n.placeholders(en[k])]
    if mismatched:
        return CheckResult("selftest.translations", FAIL, ", ".join(mismatched[:5]))
    return CheckResult("selftest.translations", OK, i18n.tr("selftest.translations_ok", count=len(ko)))


def check_content() -> CheckResult:
    from desktop.core import content

    problems = content.validate_all()
    if problems:
        return CheckResult("selftest.content", FAIL, "; ".join(problems[:3]))
    return CheckResult("selftest.content", OK, i18n.tr("selftest.content_ok", count=content.file_count()))


def check_face_models() -> CheckResult:
    from desktop.faces import models

    loaded = models.load_and_describe()
    return CheckResult("selftest.face_models", OK, i18n.tr("selftest.face_models_ok", models=loaded))


# Which Debian/Ubuntu package provides a library the xcb window plugin needs (README, "On a bare Linux desktop").
LINUX_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0", "libX11-xcb.so.1": "libx11-xcb1", "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1", "libfontconfig.so.1": "libfontconfig1", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libfreetype.so.6": "libfreetype6",
}


def missing_libraries(plugin) -> list[str]:
    """The shared libraries ``ldd`` cannot find for a Qt plugin (Linux), e.g. ``libxcb-icccm.so.4``."""
    import shutil
    import subprocess

    if not shutil.which("ldd") or not plugin.exists():
        return []
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=20).stdout
    return [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]


def xcb_plugin():
    from pathlib import Path

    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def check_window_platform() -> CheckResult:
    """Can the window open here? Qt's window system is started in a subprocess; on Linux a failure names the
    missing libraries of the xcb plugin and the packages that provide them."""
    import os
    import subprocess
    import sys


    name = "selftest.window"
    linux = sys.platform.startswith("linux")
    wanted = os.environ.get("QT_QPA_PLATFORM", "")
    if linux and not wanted and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return CheckResult(name, WARN, i18n.tr("selftest.window_no_display"))
    command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "desktop.app"]
    env = {**os.environ, PLATFORM_PROBE_ENV: "1"}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return CheckResult(name, FAIL, i18n.tr("selftest.window_timeout"))
    if done.returncode == 0 and done.stdout.strip():
        return CheckResult(name, OK, i18n.tr("selftest.window_ok", platform=done.stdout.strip().splitlines()[-1]))
    missing = missing_libraries(xcb_plugin()) if linux else []
    if missing:
        packages = sorted({LINUX_PACKAGES.get(lib, lib) for lib in missing})
        return CheckResult(name, FAIL, i18n.tr("selftest.window_missing", libraries=", ".join(missing),
                                               packages=" ".join(packages)))
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return CheckResult(name, FAIL, i18n.tr("selftest.window_failed", reason=last[:300]))


def run_checks(paths: AppPaths, passcode: str | None = None) -> list[CheckResult]:
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("selftest.database", lambda: check_database(paths, passcode)),
        ("selftest.keys", lambda: check_key_storage(paths, passcode)),
        ("selftest.fonts", check_fonts),
        ("selftest.translations", check_translations),
        ("selftest.content", check_content),
        ("selftest.face_models", check_face_models),
        ("selftest.window", check_window_platform),
    ]
    results = []
    for name_id, check in checks:
        try:
            results.append(check())
        except Exception as exc:  # noqa: BLE001 - a failing check is a result, not a crash
            from desktop.crash import scrub_message

            results.append(CheckResult(name_id, FAIL, f"{type(exc).__name__}: {scrub_message(str(exc))}"))
    return results
