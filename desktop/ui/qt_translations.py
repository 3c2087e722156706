"""Qt's own dialog strings (OK, Cancel, Yes/No, the file dialog) in the app's language.

One translator at a time: switching language removes the previous one, so a message box after a switch to
English no longer says "예(Y)".
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from desktop import log

_installed: list[QTranslator] = []


def install_qt_translations(app: QApplication, lang: str) -> QTranslator | None:
    for old in _installed:
        app.removeTranslator(old)
        old.deleteLater()
    _installed.clear()
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QLocale(lang), "qtbase", "_", directory):
        app.installTranslator(translator)
        _installed.append(translator)
        log.get_logger("app").info("Qt translations loaded: qtbase %s", lang)
        return translator
    translator.deleteLater()
    log.get_logger("app").info("Qt translations not found: qtbase %s", lang)
    return None


def installed_translators() -> list[QTranslator]:
    return list(_installed)
