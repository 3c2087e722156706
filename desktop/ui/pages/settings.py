"""Settings: language, passcode, where the data lives, how its key is kept, about, delete everything."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop import i18n, preferences
from desktop.i18n import tr
from desktop.secrets import MODE_FILE, MODE_KEYRING, MODE_PASSCODE
from desktop.ui.pages.base import Page


class SettingsPage(Page):
    name = "settings"
    title_id = "settings.title"

    def build(self) -> None:
        self.key_banner = QFrame()
        self.key_banner.setObjectName("banner")
        banner_layout = QVBoxLayout(self.key_banner)
        self.key_banner_text = QLabel(tr("settings.key_fallback_banner"))
        self.key_banner_text.setWordWrap(True)
        banner_layout.addWidget(self.key_banner_text)
        self.body.addWidget(self.key_banner)

        form = QFormLayout()
        self.language = QComboBox()
        self.language.addItem("한국어", "ko")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if i18n.current_language() == "ko" else 1)
        self.language.setAccessibleName(tr("settings.language"))
        self.language.currentIndexChanged.connect(self.change_language)
        form.addRow(tr("settings.language"), self.language)
        self.language_note = QLabel("")
        self.language_note.setWordWrap(True)
        self.language_note.setVisible(False)
        form.addRow("", self.language_note)

        self.key_status = QLabel()
        self.key_status.setWordWrap(True)
        self.key_status.setAccessibleName(tr("settings.key_storage"))
        form.addRow(tr("settings.key_storage"), self.key_status)

        passcode_row = QHBoxLayout()
        self.set_passcode_button = QPushButton(tr("settings.set_passcode"))
        self.set_passcode_button.setAccessibleName(tr("settings.set_passcode"))
        self.set_passcode_button.clicked.connect(self.set_passcode)
        self.remove_passcode_button = QPushButton(tr("settings.remove_passcode"))
        self.remove_passcode_button.setAccessibleName(tr("settings.remove_passcode"))
        self.remove_passcode_button.clicked.connect(self.remove_passcode)
        passcode_row.addWidget(self.set_passcode_button)
        passcode_row.addWidget(self.remove_passcode_button)
        passcode_row.addStretch(1)
        form.addRow(tr("settings.passcode"), passcode_row)

        location_row = QHBoxLayout()
        self.location = QLineEdit(str(self.workspace.paths.data_dir))
        self.location.setReadOnly(True)
        self.location.setAccessibleName(tr("settings.data_location"))
        open_folder = QPushButton(tr("settings.open_folder"))
        open_folder.setAccessibleName(tr("settings.open_folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.workspace.paths.data_dir)))
        )
        location_row.addWidget(self.location, 1)
        location_row.addWidget(open_folder)
        form.addRow(tr("settings.data_location"), location_row)
        hint = QLabel(tr("settings.data_location_hint"))
        hint.setWordWrap(True)
        hint.setObjectName("lead")
        form.addRow("", hint)
        lock_row = QHBoxLayout()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setSuffix(tr("settings.minutes_suffix"))
        self.idle_minutes.setSpecialValueText(tr("settings.never"))
        self.idle_minutes.setValue(int(preferences.load(self.workspace.paths).get("idle_lock_minutes") or 0))
        self.idle_minutes.setAccessibleName(tr("settings.lock_after"))
        self.idle_minutes.valueChanged.connect(self.change_idle_minutes)
        self.lock_now_button = QPushButton(tr("settings.lock_now"))
        self.lock_now_button.setAccessibleName(tr("settings.lock_now"))
        self.lock_now_button.setToolTip(tr("settings.lock_now") + " (Ctrl+L)")
        self.lock_now_button.clicked.connect(lambda: self.window_ref.lock.lock_now())
        lock_row.addWidget(self.idle_minutes)
        lock_row.addWidget(self.lock_now_button)
        lock_row.addStretch(1)
        form.addRow(tr("settings.lock_after"), lock_row)
        self.lock_hint = QLabel(tr("lock.needs_passcode"))
        self.lock_hint.setWordWrap(True)
        self.lock_hint.setObjectName("lead")
        form.addRow("", self.lock_hint)
        self.body.addLayout(form)

        actions = QHBoxLayout()
        about = QPushButton(tr("about.title"))
        about.setAccessibleName(tr("about.title"))
        about.clicked.connect(self.show_about)
        self.delete_all_button = QPushButton(tr("settings.delete_all"))
        self.delete_all_button.setAccessibleName(tr("settings.delete_all"))
        self.delete_all_button.clicked.connect(self.delete_all)
        actions.addWidget(about)
        actions.addStretch(1)
        actions.addWidget(self.delete_all_button)
        self.body.addLayout(actions)

    def refresh(self) -> None:
        status = self.workspace.keys.status()
        text = {
            MODE_KEYRING: tr("settings.key_in_keyring", backend=status.backend),
            MODE_PASSCODE: tr("settings.key_from_passcode"),
            MODE_FILE: tr("settings.key_in_file"),
        }.get(status.mode, "")
        self.key_status.setText(text)
        self.key_banner.setVisible(status.is_fallback)
        has_passcode = status.mode == MODE_PASSCODE
        self.set_passcode_button.setText(tr("settings.change_passcode" if has_passcode else "settings.set_passcode"))
        self.remove_passcode_button.setVisible(has_passcode)
        self.lock_now_button.setEnabled(has_passcode)
        self.lock_hint.setVisible(not has_passcode)

    def change_idle_minutes(self, minutes: int) -> None:
        preferences.save(self.workspace.paths, idle_lock_minutes=minutes)
        self.window_ref.lock.preferences_changed()

    def change_language(self) -> None:
        lang = self.language.currentData()
        if lang == i18n.current_language():
            return
        preferences.save(self.workspace.paths, language=lang)
        if not self.window_ref.change_language(lang):  # work is running: its screen stays until it ends
            self.language_note.setText(tr("settings.language_after_work"))
            self.language_note.setVisible(True)

    def _ask(self, label_id: str) -> str | None:
        text, ok = QInputDialog.getText(self, tr("settings.passcode"), tr(label_id), QLineEdit.EchoMode.Password)
        return text if ok else None

    def set_passcode(self) -> None:
        from desktop.store.crypto import WrongPasscode

        keys = self.workspace.keys
        current = self._ask("settings.current_passcode") if keys.needs_passcode() else None
        if keys.needs_passcode() and current is None:
            return
        new = self._ask("settings.new_passcode")
        if not new:
            return
        if self._ask("firstrun.passcode_repeat") != new:
            QMessageBox.warning(self, tr("settings.passcode"), tr("passcode.mismatch"))
            return
        try:
            keys.set_passcode(new, current)
        except WrongPasscode:
            QMessageBox.warning(self, tr("settings.passcode"), tr("key.wrong_passcode"))
            return
        QMessageBox.information(self, tr("settings.passcode"), tr("passcode.set_done"))
        self.refresh()
        self.window_ref.refresh_banners()

    def remove_passcode(self) -> None:
        from desktop.store.crypto import WrongPasscode

        current = self._ask("settings.current_passcode")
        if current is None:
            return
        try:
            self.workspace.keys.remove_passcode(current)
        except WrongPasscode:
            QMessageBox.warning(self, tr("settings.passcode"), tr("key.wrong_passcode"))
            return
        self.refresh()
        self.window_ref.refresh_banners()

    def show_about(self) -> None:
        from desktop.ui.dialogs.about_dialog import AboutDialog

        AboutDialog(self).exec()

    def delete_all(self) -> None:
        answer = QMessageBox.warning(
            self,
            tr("settings.delete_all"),
            tr("settings.delete_all_confirm"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.window_ref.delete_all_data()
