"""About Jikimi: version, the privacy promise, and the licences of what it is built from."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from desktop import __version__
from desktop.i18n import tr

COMPONENTS = [
    ("Qt 6 / PySide6", "LGPL-3.0"),
    ("dlib", "Boost Software License 1.0"),
    ("face_recognition", "MIT"),
    ("face_recognition_models (5-point landmarks, ResNet encoder)", "CC0 1.0"),
    ("Nanum Gothic font (NAVER)", "SIL Open Font License 1.1"),
    ("Pillow, pillow-heif", "MIT-CMU / BSD-3-Clause"),
    ("requests, keyring, platformdirs", "Apache-2.0 / MIT"),
    ("cryptography", "Apache-2.0 / BSD-3-Clause"),
    ("feedparser, Beautiful Soup, lxml, Protego, defusedxml", "BSD / MIT / PSF"),
    ("fpdf2", "LGPL-3.0"),
    ("PyYAML, NumPy", "MIT / BSD-3-Clause"),
]


class AboutDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("about.title"))
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setOpenExternalLinks(False)
        rows = "".join(f"<tr><td>{name}</td><td>{licence}</td></tr>" for name, licence in COMPONENTS)
        text.setHtml(
            f"<h2>Jikimi 지킴이 {__version__}</h2><p>{tr('about.summary')}</p>"
            f"<p>{tr('about.privacy')}</p><h3>{tr('about.licences')}</h3>"
            f"<table cellpadding='4'>{rows}</table><p>{tr('about.demo_images')}</p>"
        )
        text.setAccessibleName(tr("about.title"))
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 520)
