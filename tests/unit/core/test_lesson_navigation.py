"""The lesson's rules, without a window: Space reveals a quiz answer before moving on, numbers jump."""

from desktop.core import guidance
from desktop.core.lesson import LessonNavigator, LessonTimer


def navigator(lang="en"):
    return LessonNavigator(guidance.lesson(lang))


def test_forward_reveals_the_answer_before_leaving_a_quiz():
    nav = navigator()
    nav.section(5)
    assert nav.slide.kind == "quiz" and nav.answer_hidden
    start = nav.index
    nav.forward()
    assert nav.index == start and nav.revealed
    nav.forward()
    assert nav.index == start + 1 and not nav.revealed


def test_navigation_stays_inside_the_deck():
    nav = navigator()
    nav.previous()
    assert nav.index == 0
    nav.go(10_000)
    assert nav.index == nav.count - 1 and nav.next_slide is None
    assert nav.section(9) is False and nav.index == nav.count - 1


def test_help_jumps_to_the_help_slide():
    nav = navigator("ko")
    nav.help()
    assert nav.slide.kind == "help"


def test_timer_counts_only_while_running():
    timer = LessonTimer()
    timer.tick(75)
    assert timer.text == "01:15"
    timer.toggle()
    timer.tick(30)
    assert timer.text == "01:15"
    timer.reset()
    assert timer.text == "00:00"
