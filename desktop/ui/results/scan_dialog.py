"""The scan view: one progress bar per source, the overall count, the current source, ETA and Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from desktop.core.tasks import eta_text
from desktop.i18n import tr
from desktop.store.db import StorageError

if TYPE_CHECKING:
    from desktop.ui.worker import TaskHandle


class ScanDialog(QDialog):
    """Runs ``Scanner.scan`` through the window's task runner; closes itself when the scan ends."""

    def __init__(self, window, person, on_finished=None, work=None) -> None:
        super().__init__(window)
        self.work = work
        self.window_ref = window
        self.person = person
        self.on_finished = on_finished
        self.handle: TaskHandle | None = None
        self.outcome = None
        self.error_text = ""
        # Called with the progress line, for the window behind (Results).
        self.progress_listener: Callable[[str], None] | None = None
        # Not modal: a long scan runs in the background while Help, the checklist and guidance stay usable.
        self.setModal(False)
        self.setWindowTitle(tr("scan.dialog_title", name=person.name))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.headline = QLabel(tr("scan.starting"))
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.overall = QProgressBar()
        self.overall.setAccessibleName(tr("scan.overall_progress"))
        self.overall.setRange(0, 0)
        layout.addWidget(self.overall)
        self.eta = QLabel("")
        layout.addWidget(self.eta)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.rows: dict[int, tuple[QLabel, QProgressBar, QLabel]] = {}
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("scan.cancel"))
        self.cancel_button.setAccessibleName(tr("scan.cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

    def start(self) -> None:
        from desktop.scan.orchestrator import Scanner

        workspace = self.window_ref.workspace
        person = self.person

        demo_mode = getattr(self.window_ref, "demo_mode", False)

        def work(ctx):
            if demo_mode:  # the demo's sources are on this machine: no politeness pause needed
                from desktop.demo import demo_scanner

                scanner = demo_scanner(workspace)
            else:
                scanner = Scanner(workspace)
            try:
                return scanner.scan(person, ctx)
            finally:
                scanner.close()

        self.handle = self.window_ref.runner.run_task(
            self.work or work, on_done=self._done, on_error=self._failed, on_progress=self._progress,
            on_cancelled=self._cancelled, owner=self,
        )

    def _progress(self, progress) -> None:
        detail = progress.detail
        if detail is None:
            return
        found, checked = detail.photos_found, detail.photos_checked
        if found:
            self.overall.setRange(0, found)
            self.overall.setValue(checked)
        current = detail.sources.get(detail.current_source)
        self.headline.setText(tr("scan.checking", checked=checked, found=found,
                                 source=current.label if current else ""))
        self.eta.setText(eta_text(detail.eta_seconds()))
        if self.progress_listener is not None:
            self.progress_listener(" ".join(filter(None, [self.headline.text(), self.eta.text()])))
        for row, (source_id, item) in enumerate(detail.sources.items()):
            if source_id not in self.rows:
                label, bar, state = QLabel(item.label), QProgressBar(), QLabel()
                bar.setAccessibleName(item.label)
                self.grid.addWidget(label, row, 0)
                self.grid.addWidget(bar, row, 1)
                self.grid.addWidget(state, row, 2)
                self.rows[source_id] = (label, bar, state)
            _, bar, state = self.rows[source_id]
            bar.setRange(0, max(1, item.photos_found))
            bar.setValue(item.photos_checked if item.state != "done" else max(1, item.photos_found))
            state.setText(tr(f"scan.state.{item.state}") if not item.error else tr("scan.state.failed"))
            state.setToolTip(tr(item.error, **item.error_values) if item.error else "")

    def _done(self, outcome) -> None:
        self.outcome = outcome
        self.accept()
        if self.on_finished:
            self.on_finished(outcome)

    def _failed(self, exc) -> None:
        if isinstance(exc, StorageError):
            self.error_text = tr(exc.message_id, **exc.values)
        else:
            raise exc
        self.headline.setText(self.error_text)
        self.cancel_button.setText(tr("scan.close"))
        self.cancel_button.clicked.disconnect()
        self.cancel_button.clicked.connect(self.reject)
        self.overall.setRange(0, 1)

    def _cancelled(self) -> None:
        self.headline.setText(tr("scan.cancelled"))
        super().reject()

    def cancel(self) -> None:
        if self.handle is not None and self.handle.running:
            self.cancel_button.setEnabled(False)
            self.headline.setText(tr("scan.cancelling"))
            self.handle.cancel()
        else:
            super().reject()

    def reject(self) -> None:
        """Esc and the close button stop the scan (the dialog stays until it has stopped), never hide it."""
        self.cancel()
