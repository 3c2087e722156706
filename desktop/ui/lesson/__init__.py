"""Lesson mode: full-screen, keyboard-driven slides for a class period, with a presenter view."""
