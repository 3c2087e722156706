"""The lesson on a 1280×720 classroom TV: every slide's text is big enough for the back row and none is cut off,
in Korean and in English (quiz answers shown)."""

import pytest
from PySide6.QtWidgets import QApplication

from desktop.core.guidance import lesson
from desktop.ui.lesson.slide_view import SlideView

TV = (1280, 720)


def font_px(label) -> int:
    return label.fontInfo().pixelSize()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_slide_fits_a_1280x720_tv_with_text_the_back_row_can_read(qtbot, lang):
    view = SlideView()
    qtbot.addWidget(view)
    view.resize(*TV)
    view.show()
    slides = lesson(lang).slides
    for number, slide in enumerate(slides, 1):
        view.show_slide(slide, revealed=True, footer=f"{number} / {len(slides)}   00:00   ← → · 1-6 · F1 · Esc")
        QApplication.processEvents()
        page = view.page
        assert page.layout().totalHeightForWidth(TV[0]) <= TV[1], f"slide {number} ({slide.title}) is too tall"
        for label in view.labels:
            if label.wordWrap():
                assert label.height() >= label.heightForWidth(label.width()), f"cut text on slide {number}"
            else:
                assert label.width() >= label.sizeHint().width(), f"cut line on slide {number}: {label.text()}"
        assert font_px(view.title_label) >= 46  # about 1/15 of the screen height
        if slide.kind == "text":
            assert min(font_px(label) for label in view.labels[2:-1]) >= 32  # about 1/22: readable at 8 m
