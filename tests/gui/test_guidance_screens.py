"""Someone frightened opens Help: the numbers are there, copyable, links open only when clicked; the
"found something?" flow walks each role; checklist ticks survive a restart; the lesson runs on keys."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.core import guidance
from desktop.ui import guidance_widgets
from desktop.ui.main_window import MainWindow
from desktop.ui.worker import SyncTaskRunner

TOP_LEVEL = ["home", "family", "classroom", "checklist", "settings", "found", "lesson"]


@pytest.fixture
def opened_links(monkeypatch):
    opened = []
    monkeypatch.setattr(guidance_widgets, "open_external", lambda url: opened.append(url) or True)
    return opened


def make_window(qtbot, workspace, lang="en"):
    i18n.set_language(lang)
    win = MainWindow(workspace, runner=SyncTaskRunner())
    qtbot.addWidget(win)
    win.show_page("home")
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)  # shortcuts need an active window
    return win


@pytest.mark.parametrize("start", TOP_LEVEL)
def test_help_opens_in_one_click_and_with_f1_from_every_screen(qtbot, workspace, start):
    win = make_window(qtbot, workspace)
    win.show_page(start)
    qtbot.mouseClick(win.help_button, Qt.MouseButton.LeftButton)
    assert win.current_page == "help"
    win.show_page(start)
    qtbot.keyClick(win, Qt.Key.Key_F1)
    assert win.current_page == "help"


def test_korean_help_lists_korea_first_with_copyable_numbers(qtbot, workspace, opened_links):
    win = make_window(qtbot, workspace, "ko")
    win.show_page("help")
    page = win.pages["help"]
    assert page.group_labels[0].text() == "한국: 삭제 지원과 신고"
    assert page.group_labels[-1].text() == "해외·국제"
    assert list(page.cards)[:3] == ["police", "women1366", "acosav"]
    acosav = page.cards["acosav"]
    numbers = [row.number.text() for row in acosav.phone_rows]
    assert numbers == ["02-735-8994"]  # 1366 is on its own card, once
    assert acosav.phone_rows[0].number.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    qtbot.mouseClick(acosav.phone_rows[0].copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "02-735-8994"
    assert acosav.phone_rows[0].copy_button.text() == "복사됨"
    assert opened_links == []  # showing the page opened nothing


def test_english_help_shows_korea_first_and_the_international_list_too(qtbot, workspace):
    win = make_window(qtbot, workspace, "en")
    win.show_page("help")
    page = win.pages["help"]
    assert page.group_labels[0].text() == "Korea: deletion support and reporting"
    assert page.group_labels[-1].text() == "International"
    assert list(page.cards)[0] == "police"
    assert "acosav" in page.cards and "take_it_down" in page.cards
    assert page.cards["uk_revenge_porn_helpline"].phone_rows[0].number.text() == "0345 6000 459"


def test_web_links_open_in_the_browser_only_when_clicked(qtbot, workspace, opened_links):
    win = make_window(qtbot, workspace)
    win.show_page("help")
    card = win.pages["help"].cards["acosav"]
    assert opened_links == []
    qtbot.mouseClick(card.links[0], Qt.MouseButton.LeftButton)
    assert opened_links == ["https://d4u.stop.or.kr"]


def test_every_hotline_card_says_when_it_was_checked(qtbot, workspace):
    from PySide6.QtWidgets import QLabel

    win = make_window(qtbot, workspace)
    win.show_page("help")
    cards = win.pages["help"].cards
    assert set(cards) == {line.id for line in guidance.hotlines("en")}  # every hotline has its card
    for hotline_id, card in cards.items():
        texts = [label.text() for label in card.findChildren(QLabel)]
        date = guidance.hotline("en", hotline_id).verified.isoformat()
        assert any(f"Last checked {date}" in text for text in texts), hotline_id


@pytest.mark.parametrize("role", ["victim", "parent", "friend", "teacher"])
def test_found_something_walks_each_role_step_by_step(qtbot, workspace, role):
    win = make_window(qtbot, workspace)
    win.show_page("help")
    qtbot.mouseClick(win.pages["help"].found_button, Qt.MouseButton.LeftButton)
    assert win.current_page == "found"
    found = win.pages["found"]
    qtbot.mouseClick(found.role_buttons[role], Qt.MouseButton.LeftButton)
    steps = guidance.found_something("en")[role].steps
    seen = [found.step_title.text()]
    while found.next_button.isEnabled():
        qtbot.mouseClick(found.next_button, Qt.MouseButton.LeftButton)
        seen.append(found.step_title.text())
    assert seen == [step.title for step in steps]
    assert found.step_counter.text() == f"Step {len(steps)} of {len(steps)}"
    qtbot.mouseClick(found.previous_button, Qt.MouseButton.LeftButton)
    assert found.step_title.text() == steps[-2].title


def test_the_deletion_step_shows_acosav_numbers_to_copy(qtbot, workspace):
    win = make_window(qtbot, workspace, "ko")
    win.show_page("found")
    found = win.pages["found"]
    found.choose("parent")
    index = [s.id for s in found.flow.steps].index("deletion")
    found.step_list.setCurrentRow(index)
    assert found.step_title.text() == "디성센터에 삭제 지원을 요청하세요"
    numbers = [row.number.text() for card in found.contact_cards for row in card.phone_rows]
    assert numbers == ["1366", "02-735-8994"]
    qtbot.mouseClick(found.contact_cards[0].phone_rows[0].copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "1366"


def test_found_flow_moves_with_page_down_and_back_to_the_role_chooser(qtbot, workspace):
    win = make_window(qtbot, workspace)
    win.show_page("found")
    found = win.pages["found"]
    found.choose("friend")
    qtbot.keyClick(found, Qt.Key.Key_PageDown)
    assert found.flow.index == 1
    qtbot.mouseClick(found.change_role, Qt.MouseButton.LeftButton)
    assert found.stack.currentIndex() == 0


def test_checklist_ticks_persist_after_a_restart(qtbot, workspace, app_paths):
    person = workspace.persons.add("Minji", role="student", consent_by=["guardian"])
    win = make_window(qtbot, workspace)
    win.show_page("checklist")
    page = win.pages["checklist"]
    assert page.person_box.currentData() == person.id
    qtbot.mouseClick(page.rows["instagram.private_account"].checkbox, Qt.MouseButton.LeftButton,
                     pos=page.rows["instagram.private_account"].checkbox.rect().topLeft() + _inset())
    page.rows["tiktok.downloads_off"].checkbox.setChecked(True)
    assert page.platform_labels["instagram"].text() == f"1 / {len(_platform('instagram').items)}"
    assert page.overall_bar.value() == 2
    win.close()
    workspace.close()

    from desktop.store.workspace import open_workspace

    reopened = open_workspace(app_paths)
    try:
        again = make_window(qtbot, reopened)
        again.show_page("checklist")
        page = again.pages["checklist"]
        assert page.rows["instagram.private_account"].checkbox.isChecked()
        assert page.rows["tiktok.downloads_off"].checkbox.isChecked()
        assert not page.rows["x.protect_posts"].checkbox.isChecked()
        total = len(guidance.checklist_item_ids())
        assert page.overall_label.text() == f"2 of {total} items done"
        again.close()
    finally:
        reopened.close()


def _inset():
    from PySide6.QtCore import QPoint

    return QPoint(6, 6)


def _platform(platform_id):
    return next(p for p in guidance.checklist("en") if p.id == platform_id)


def test_without_anyone_added_a_student_can_start_their_own_checklist(qtbot, workspace):
    win = make_window(qtbot, workspace, "ko")
    win.show_page("checklist")
    page = win.pages["checklist"]
    assert page.person_id is None
    assert not page.rows["general.location_off"].checkbox.isEnabled()
    qtbot.mouseClick(page.start_mine, Qt.MouseButton.LeftButton)
    me = workspace.persons.find("나")
    assert me is not None and me.role == "self"
    assert page.person_id == me.id
    page.rows["general.location_off"].checkbox.setChecked(True)
    assert page.overall_label.text() == f"{len(guidance.checklist_item_ids())}개 중 1개 완료"


def test_checklist_shows_what_a_linked_source_let_jikimi_check(qtbot, workspace):
    from tests.unit.store.test_checklist_store import add_scan_row, add_source

    person = workspace.persons.add("Minji", role="child", consent_by=["guardian"])
    source = add_source(workspace, person.id, "instagram", "minji")
    add_scan_row(workspace, person.id, source,
                 {"account_visibility": "public", "profile_picture_shows_face": False, "photos_with_location": 0},
                 "2026-11-20T10:00:00+00:00")
    win = make_window(qtbot, workspace)
    win.show_page("checklist")
    page = win.pages["checklist"]
    private = page.rows["instagram.private_account"].fact_label
    assert private.isVisible()
    assert private.text() == "Jikimi checked on 2026-11-20: the account is still public."
    assert page.rows["instagram.profile_picture"].fact_label.text().endswith("no face found in the profile picture.")
    assert not page.rows["tiktok.private_account"].fact_label.isVisible()


def test_checklist_print_saves_a_pdf(qtbot, workspace, tmp_path, monkeypatch):
    workspace.persons.add("Minji", role="student", consent_by=["guardian"])
    win = make_window(qtbot, workspace)
    win.show_page("checklist")
    page = win.pages["checklist"]
    monkeypatch.setattr(page, "ask_pdf_target", lambda: str(tmp_path / "class-checklist"))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "class-checklist.pdf"
    assert target.read_bytes().startswith(b"%PDF")
    assert page.pdf_status.text() == f"Saved: {target}"


def test_the_advice_for_parents_and_schools_is_folded_away_from_the_student_checklist(qtbot, workspace):
    from PySide6.QtWidgets import QLabel

    win = make_window(qtbot, workspace)
    win.show_page("checklist")
    page = win.pages["checklist"]
    cards = page.advice_cards
    texts = " ".join(label.text() for card in cards for label in card.findChildren(QLabel))
    assert "For parents" in texts and "For schools" in texts and "consent" in texts
    assert not page.advice_heading.isVisible() and not any(card.isVisible() for card in cards)
    page.adult_toggle.setChecked(True)
    assert page.advice_heading.isVisible() and all(card.isVisible() for card in cards)


def test_unconfirmed_items_carry_a_short_tag_explained_once_at_the_top(qtbot, workspace):
    win = make_window(qtbot, workspace, "ko")
    win.show_page("checklist")
    page = win.pages["checklist"]
    assert page.check_explained.isVisible() and "'확인 필요'라고 적힌 항목" in page.check_explained.text()
    tag = page.rows["kakaotalk.old_profile_photos"].caution_label.text()
    assert tag.startswith("확인 필요 (") and len(tag) < 25
    assert "공식 도움말에서 찾지 못한" in page.rows["kakaotalk.old_profile_photos"].caution_label.toolTip()
    assert page.rows["youtube.visibility"].caution_label is None


def test_found_something_shows_the_urgent_strip_above_the_role_cards(qtbot, workspace):
    win = make_window(qtbot, workspace, "ko")
    win.show_page("found")
    page = win.pages["found"]
    strip = page.urgent_strip
    assert strip.isVisible() and strip.text().startswith("지금 위험하면 112")
    assert "1366" in strip.text() and "여성" not in strip.text()
    first_card = next(iter(page.role_buttons.values()))
    assert strip.mapTo(page, strip.rect().bottomLeft()).y() < first_card.mapTo(page, first_card.rect().topLeft()).y()
    page.choose("victim")
    assert strip.isVisible()


# --- lesson mode ------------------------------------------------------------------------------------
@pytest.fixture
def lesson(qtbot, workspace):
    win = make_window(qtbot, workspace)
    win.show_page("classroom")
    lesson_window = win.pages["lesson"].start_lesson(presenter=True, full_screen=False)
    qtbot.addWidget(lesson_window)
    lesson_window.show()
    return lesson_window


def test_classroom_page_starts_lesson_mode_full_screen(qtbot, workspace):
    win = make_window(qtbot, workspace)
    win.show_page("classroom")
    classroom = win.pages["classroom"]
    assert classroom.lesson_button.accessibleName() == "Start lesson mode"
    qtbot.mouseClick(classroom.lesson_button, Qt.MouseButton.LeftButton)
    lesson_window = win.pages["lesson"].lesson_window
    qtbot.addWidget(lesson_window)
    assert lesson_window.isVisible() and lesson_window.isFullScreen()
    qtbot.keyClick(lesson_window, Qt.Key.Key_Escape)
    assert not lesson_window.isVisible()
    # Behind the lesson, and after it, the app shows the Lesson page: no roster, no consent states.
    assert win.current_page == "lesson"


def test_the_lesson_launcher_shows_no_names_or_consent_states(qtbot, workspace):
    from PySide6.QtWidgets import QLabel

    classes = workspace.classes
    school_class = classes.create("2-3")
    for number, nickname in ((1, "하늘"), (2, "민준")):
        classes.add_student(school_class.id, number, nickname)
    classes.set_consent(school_class.id, 1, "withdrawn")
    win = make_window(qtbot, workspace)
    win.show_page("classroom")
    win.pages["classroom"].start_lesson()
    lesson_window = win.pages["lesson"].lesson_window
    qtbot.addWidget(lesson_window)
    shown = win.stack.currentWidget()
    texts = " ".join(label.text() for label in shown.findChildren(QLabel) if label.isVisibleTo(shown))
    assert shown is win.pages["lesson"]
    assert not any(word in texts for word in ("하늘", "민준", "withdrawn", "철회"))
    lesson_window.close()


def test_lesson_keys_move_reveal_and_jump(qtbot, lesson):
    nav = lesson.nav
    assert lesson.view.title_label.text() == "Our photos, our safety"
    qtbot.keyClick(lesson, Qt.Key.Key_Right)
    assert nav.slide.id == "what_deepfake"
    assert lesson.view.title_label.text() == "What is a deepfake?"
    qtbot.keyClick(lesson, Qt.Key.Key_Left)
    assert nav.index == 0
    qtbot.keyClick(lesson, Qt.Key.Key_3)
    assert nav.slide.id == "law_2024"
    assert "up to 7 years" in lesson.view.visible_text()
    qtbot.keyClick(lesson, Qt.Key.Key_5)
    assert nav.slide.kind == "quiz"
    question = nav.slide
    assert question.answer not in lesson.view.visible_text()
    qtbot.keyClick(lesson, Qt.Key.Key_Space)
    assert nav.slide is question and question.answer in lesson.view.visible_text()
    qtbot.keyClick(lesson, Qt.Key.Key_Space)
    assert nav.slide.id == "quiz_received"
    qtbot.keyClick(lesson, Qt.Key.Key_4)
    assert nav.slide.id == "checklist_intro"
    qtbot.keyClick(lesson, Qt.Key.Key_PageDown)
    assert nav.slide.kind == "checklist" and nav.slide.platform.id == "general"
    assert "Turn off location in your camera app" in lesson.view.visible_text()
    qtbot.keyClick(lesson, Qt.Key.Key_End)
    assert nav.slide.kind == "help"
    assert "02-735-8994" in lesson.view.visible_text()
    qtbot.keyClick(lesson, Qt.Key.Key_Home)
    assert nav.index == 0


def test_lesson_help_is_one_key_or_one_click_away(qtbot, lesson):
    qtbot.keyClick(lesson, Qt.Key.Key_F1)
    assert lesson.nav.slide.kind == "help"
    lesson.nav.go(0)
    qtbot.mouseClick(lesson.help_button, Qt.MouseButton.LeftButton)
    assert lesson.nav.slide.kind == "help"


def test_presenter_view_follows_with_notes_next_slide_and_timer(qtbot, lesson):
    presenter = lesson.presenter
    assert presenter is not None
    assert presenter.notes_label.text() == lesson.nav.slide.notes
    qtbot.keyClick(lesson, Qt.Key.Key_5)
    assert presenter.answer_label.text() == f"Answer: {lesson.nav.slide.answer}"
    assert presenter.next_label.text() == "Next: Quiz 2"
    for _ in range(65):
        lesson.tick()
    assert presenter.timer_label.text() == "01:05"
    assert "01:05" in lesson.view.footer_label.text()
    qtbot.keyClick(lesson, Qt.Key.Key_T)
    lesson.tick()
    assert presenter.timer_label.text().startswith("01:05") and "paused" in presenter.timer_label.text()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)  # keys work from the teacher's screen too: reveal, then on
    assert lesson.nav.revealed and lesson.nav.slide.answer in lesson.view.visible_text()
    qtbot.keyClick(presenter, Qt.Key.Key_Right)
    assert lesson.nav.slide.id == "quiz_received"


def test_on_one_screen_s_never_puts_notes_or_answers_on_the_projected_picture(qtbot, workspace):
    """A single screen (or a projector mirroring it) is what the class sees: S says how to get the notes on a
    second screen instead of opening them there."""
    win = make_window(qtbot, workspace, "ko")
    lesson_window = win.pages["lesson"].start_lesson(presenter=False, full_screen=False)
    qtbot.addWidget(lesson_window)
    lesson_window.show()
    qtbot.keyClick(lesson_window, Qt.Key.Key_S)
    assert lesson_window.presenter is None
    assert lesson_window.notice.isVisible() and "두 번째 화면에서만" in lesson_window.notice.text()


def test_the_presenter_view_on_the_teachers_own_screen_is_big_enough_to_read(qtbot, workspace, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.lesson import window
    from desktop.ui.lesson.window import PRESENTER_MIN_SIZE

    # A second screen that is not the projected one (the offscreen platform has one screen: stand it in).
    monkeypatch.setattr(window, "teacher_screen", lambda slides_screen: QGuiApplication.primaryScreen())
    win = make_window(qtbot, workspace, "ko")
    lesson_window = win.pages["lesson"].start_lesson(presenter=False, full_screen=False)
    qtbot.addWidget(lesson_window)
    lesson_window.show()
    qtbot.keyClick(lesson_window, Qt.Key.Key_S)
    presenter = lesson_window.presenter
    assert presenter is not None and presenter.isVisible()
    assert presenter.width() >= PRESENTER_MIN_SIZE[0] and presenter.height() >= PRESENTER_MIN_SIZE[1]
    notes, keys = presenter.notes_label.geometry(), presenter.keys_label.geometry()
    assert notes.bottom() < keys.top() and presenter.next_label.geometry().bottom() < keys.top()  # no overlap
    qtbot.keyClick(lesson_window, Qt.Key.Key_S)
    assert not presenter.isVisible()


def test_lesson_in_korean_shows_korean_slides(qtbot, workspace):
    win = make_window(qtbot, workspace, "ko")
    lesson_window = win.pages["lesson"].start_lesson(presenter=False, full_screen=False)
    qtbot.addWidget(lesson_window)
    assert lesson_window.presenter is None
    assert lesson_window.view.title_label.text() == "우리의 사진, 우리의 안전"
    qtbot.keyClick(lesson_window, Qt.Key.Key_3)
    assert "7년 이하의 징역" in lesson_window.view.visible_text()
    lesson_window.close()
    QApplication.processEvents()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", ["help", "found", "checklist", "lesson"])
def test_guidance_pages_are_screenshot_targets_and_draw_text(qtbot, workspace, page, lang):
    from desktop.cli import parse_args

    args = parse_args(["--lang", lang, "--screenshot", "x.png", "--page", page])
    assert args.page == page
    win = make_window(qtbot, workspace, lang)
    win.resize(1280, 860)
    win.show_page(page)
    image = win.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 860, 7)}
    assert len(colours) > 40  # text and cards, not a blank page
