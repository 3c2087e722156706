"""Translator comments: the English catalogs explain each message a translator cannot place on their own.

ARB's convention (read by Weblate, Crowdin and other tools for JSON catalogs): ``"@<id>"`` beside the message
holds ``{"description": …, "placeholders": {"name": {"description": …, "example": …}}}``. Every message with a
placeholder has one, each placeholder described; only the English (source) catalogs carry them
(docs/translating.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import i18n

EN_FILES = sorted(i18n.catalog_dir("en").glob("*.json"))


def _comments() -> list[tuple[str, str, str, dict]]:
    """(file, id, English text, comment) for every comment of the English catalogs."""
    found = []
    for path in EN_FILES:
        messages, comments = i18n.read_catalog_file(path)
        found += [(path.name, message_id, messages.get(message_id, ""), note) for message_id, note in comments.items()]
    return found


def _words(text: object) -> int:
    return len(str(text).split()) if isinstance(text, str) else 0


def test_every_comment_is_about_a_message_of_its_own_file_and_sits_right_after_it():
    assert len(EN_FILES) > 5  # the other tests here loop over these files: none found would pass them all
    for path in EN_FILES:
        keys = list(json.loads(path.read_text(encoding="utf-8")))
        orphans = [key for key in keys if key.startswith("@") and key[1:] not in keys]
        assert orphans == [], path.name
        misplaced = [key for index, key in enumerate(keys) if key.startswith("@") and keys[index - 1] != key[1:]]
        assert misplaced == [], path.name


def test_every_comment_says_something_and_describes_each_placeholder_its_message_uses():
    for file_name, message_id, text, note in _comments():
        where = f"{file_name}: @{message_id}"
        assert set(note) <= {"description", "placeholders"}, where
        assert _words(note.get("description")) >= 3, where
        described = note.get("placeholders", {})
        assert set(described) == i18n.placeholders(text), where
        for name, about in described.items():
            assert set(about) <= {"description", "example"}, f"{where} {{{name}}}"
            assert _words(about.get("description")) >= 2, f"{where} {{{name}}}"
            assert str(about.get("example", "")).strip(), f"{where} {{{name}}} has no example"


def test_every_message_with_a_placeholder_has_a_comment():
    uncommented = []
    for path in EN_FILES:
        messages, comments = i18n.read_catalog_file(path)
        uncommented += [message_id for message_id, text in messages.items()
                        if i18n.placeholders(text) and message_id not in comments]
    assert uncommented == []


def test_comments_are_in_the_source_language_only():
    korean = [(path.name, key) for path in sorted(i18n.catalog_dir("ko").glob("*.json"))
              for key in json.loads(path.read_text(encoding="utf-8")) if key.startswith("@")]
    assert korean == []


def test_the_app_never_takes_a_comment_for_a_message(tmp_path: Path):
    assert [key for lang in i18n.LANGUAGES for key in i18n.catalog(lang) if key.startswith("@")] == []
    sample = tmp_path / "area.json"
    sample.write_text(json.dumps({"area.hello": "Hello {name}",
                                  "@area.hello": {"description": "A greeting on the first screen.",
                                                  "placeholders": {"name": {"description": "The child's name",
                                                                            "example": "Minji"}}}}),
                      encoding="utf-8")
    messages, comments = i18n.read_catalog_file(sample)
    assert messages == {"area.hello": "Hello {name}"}
    assert comments["area.hello"]["placeholders"]["name"]["example"] == "Minji"


@pytest.mark.parametrize("message_id", ["results.scan_now", "scan.level.possible"])
def test_short_labels_a_translator_cannot_place_are_explained(message_id):
    comments = {message_id: note for _, message_id, _, note in _comments()}
    assert _words(comments[message_id]["description"]) >= 5
