"""Common layout for a top-level page: a title, a lead paragraph, then the page's own content."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget


class Page(QWidget):
    name = ""
    title_id = ""
    lead_id = ""

    def __init__(self, window):
        super().__init__()
        self.window_ref = window
        self.setObjectName("page")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Not a Tab stop of its own (it has nothing to say); it still scrolls to whatever gets the focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll = scroll
        inner = QWidget()
        inner.setObjectName("page")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(28, 20, 28, 20)
        self.body.setSpacing(12)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        from desktop.i18n import tr

        self.title = QLabel(tr(self.title_id))
        self.title.setObjectName("pageTitle")
        self.title.setAccessibleName(tr(self.title_id))
        self.body.addWidget(self.title)
        if self.lead_id:
            lead = QLabel(tr(self.lead_id))
            lead.setObjectName("lead")
            lead.setWordWrap(True)
            self.body.addWidget(lead)
        self.build()

    @property
    def workspace(self):
        return self.window_ref.workspace

    def build(self) -> None:
        """Subclasses add their widgets to ``self.body``."""

    def refresh(self) -> None:
        """Called each time the page is shown."""
