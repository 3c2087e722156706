"""Lesson mode's state, without Qt: which slide is up, whether a quiz answer is revealed, the lesson timer.

The window turns key presses into these calls, so the rules ("Space reveals the answer first, then moves
on") are the same in the full-screen window, the presenter view and the preview on the Classroom page."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.guidance import Lesson, Slide


@dataclass
class LessonTimer:
    """Counts the seconds the lesson has been running; pausing stops the count."""

    elapsed: int = 0
    running: bool = True

    def tick(self, seconds: int = 1) -> None:
        if self.running:
            self.elapsed += seconds

    def toggle(self) -> None:
        self.running = not self.running

    def reset(self) -> None:
        self.elapsed = 0

    @property
    def text(self) -> str:
        minutes, seconds = divmod(self.elapsed, 60)
        return f"{minutes:02d}:{seconds:02d}"


@dataclass
class LessonNavigator:
    lesson: Lesson
    index: int = 0
    revealed: bool = False
    timer: LessonTimer = field(default_factory=LessonTimer)

    @property
    def slide(self) -> Slide:
        return self.lesson.slides[self.index]

    @property
    def count(self) -> int:
        return len(self.lesson.slides)

    @property
    def next_slide(self) -> Slide | None:
        return self.lesson.slides[self.index + 1] if self.index + 1 < self.count else None

    @property
    def answer_hidden(self) -> bool:
        return self.slide.kind == "quiz" and not self.revealed

    def go(self, index: int) -> None:
        index = max(0, min(index, self.count - 1))
        if index != self.index:
            self.index = index
            self.revealed = False

    def forward(self) -> None:
        """Space / Right: reveal a hidden quiz answer first, otherwise the next slide."""
        if self.answer_hidden:
            self.revealed = True
        else:
            self.go(self.index + 1)

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def reveal(self) -> None:
        if self.slide.kind == "quiz":
            self.revealed = True

    def section(self, number: int) -> bool:
        """Number keys: 1 is the first section. False when there is no such section."""
        if not 1 <= number <= len(self.lesson.sections):
            return False
        self.go(self.lesson.first_slide_of(self.lesson.sections[number - 1][0]))
        return True

    def help(self) -> None:
        for index, slide in enumerate(self.lesson.slides):
            if slide.kind == "help":
                self.go(index)
                return
