"""Widgets shared by the help, "found something?", checklist and lesson screens: a hotline card with
selectable, copyable phone numbers and links that open in the system browser only when clicked."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.guidance import Hotline
from desktop.i18n import tr
from desktop.ui.widgets import button_text

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def open_external(url: str) -> bool:
    """Hand a web address to the system browser. Nothing is fetched by Jikimi itself."""
    return QDesktopServices.openUrl(QUrl(url))


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def wrapped(text: str, object_name: str | None = None, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    if selectable:
        label.setTextInteractionFlags(SELECTABLE)
    return label


class PhoneRow(QWidget):
    """A phone number in a selectable label, its label, and a Copy button."""

    def __init__(self, number: str, label: str, on_copied=None):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.number = QLabel(number)
        self.number.setObjectName("phoneNumber")
        self.number.setTextInteractionFlags(SELECTABLE)
        self.number.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.number.setAccessibleName(tr("guidance.help.phone_accessible", number=number, label=label))
        self.copy_button = QPushButton(tr("guidance.help.copy"))
        self.copy_button.setAccessibleName(tr("guidance.help.copy_accessible", number=number))
        self.copy_button.setToolTip(tr("guidance.help.copy_accessible", number=number))
        self.copy_button.clicked.connect(lambda: self._copy(number, on_copied))
        note = wrapped(label, "muted")
        row.addWidget(self.number)
        row.addWidget(self.copy_button)
        row.addWidget(note, 1)

    def _copy(self, number: str, on_copied) -> None:
        copy_text(number)
        self.copy_button.setText(tr("guidance.help.copied"))
        if on_copied:
            on_copied(number)


class LinkButton(QPushButton):
    """Looks like a link; opens the address in the system browser only when activated."""

    def __init__(self, url: str, label: str):
        super().__init__(button_text(tr("guidance.help.open_link", label=label)))
        self.url = url
        self.setObjectName("linkButton")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(tr("guidance.help.open_link", label=label))
        self.setToolTip(url)
        self.clicked.connect(lambda: open_external(self.url))


def source_domains(urls) -> str:
    seen: list[str] = []
    for url in urls:
        host = urlsplit(url).hostname or url
        host = host.removeprefix("www.").removeprefix("m.")
        if host not in seen:
            seen.append(host)
    return ", ".join(seen)


class HotlineCard(QFrame):
    """One hotline: name, what it does, how to reach it, hours, who it is for, when it was checked."""

    def __init__(self, hotline: Hotline, compact: bool = False):
        super().__init__()
        self.hotline = hotline
        self.setObjectName("hotlineCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(4)
        name = wrapped(hotline.name, "hotlineName", selectable=True)
        name.setAccessibleName(hotline.name)
        layout.addWidget(name)
        if not compact:
            layout.addWidget(wrapped(hotline.what, selectable=True))
        self.phone_rows = [PhoneRow(p.number, p.label) for p in hotline.phones]
        for row in self.phone_rows:
            layout.addWidget(row)
        self.links = [LinkButton(w.url, w.label) for w in hotline.web]
        if self.links:
            links_row = QHBoxLayout()
            for link in self.links:
                links_row.addWidget(link)
            links_row.addStretch(1)
            layout.addLayout(links_row)
        for chat in hotline.chat:
            layout.addWidget(wrapped(tr("guidance.help.chat", chat=chat), selectable=True))
        if compact:
            return
        hours = hotline.hours or tr("guidance.help.hours_unknown")
        audience = ", ".join(tr(f"guidance.audience.{a}") for a in hotline.audience)
        layout.addWidget(wrapped(tr("guidance.help.hours_audience", hours=hours, audience=audience), "muted"))
        if hotline.caveat:
            layout.addWidget(wrapped(hotline.caveat, "caveat", selectable=True))
        checked = wrapped(
            tr("guidance.help.checked", date=hotline.verified.isoformat(), sources=source_domains(hotline.sources)),
            "muted",
            selectable=True,
        )
        checked.setToolTip("\n".join(hotline.sources))
        layout.addWidget(checked)


# Styles for the guidance screens, applied to each of those pages (the app-wide style sheet stays as is).
GUIDANCE_QSS = """
QFrame#hotlineCard, QFrame#stepCard, QFrame#platformCard, QFrame#adviceCard {
    background: white; border: 1px solid #c9d2e3; border-radius: 8px; }
QLabel#hotlineName { font-size: 12.5pt; font-weight: bold; color: #1f3a5f; }
QLabel#phoneNumber { font-size: 14pt; font-weight: bold; color: #1d2433; padding: 0 6px 0 0; }
QLabel#muted { color: #4a5468; font-size: 10pt; }
QLabel#caveat { color: #7a4b00; font-size: 10pt; }
QLabel#sectionTitle { font-size: 14pt; font-weight: bold; color: #1f3a5f; padding-top: 8px; }
QLabel#stepTitle { font-size: 15pt; font-weight: bold; color: #1f3a5f; }
QLabel#stepBody { font-size: 12.5pt; }
QLabel#verifiedOk { color: #1b6b3a; font-size: 10pt; }
QLabel#verifiedNo { color: #9b2c2c; font-size: 10pt; font-weight: bold; }
QPushButton#urgentButton { background: #f2b84b; color: #1d2433; font-weight: bold; font-size: 13pt;
    padding: 10px 18px; border: 1px solid #c98f1f; border-radius: 8px; }
QPushButton#urgentButton:focus { border: 2px solid #1f3a5f; }
QPushButton#linkButton { color: #1a4f8b; border: none; background: transparent; text-decoration: underline;
    padding: 2px 4px; }
QPushButton#linkButton:focus { border: 1px solid #1f3a5f; }
QCheckBox { font-size: 12pt; font-weight: bold; spacing: 8px; }
QProgressBar { border: 1px solid #c9d2e3; border-radius: 4px; background: white; text-align: center;
    min-height: 16px; }
QProgressBar::chunk { background: #3d7a57; border-radius: 3px; }
"""
