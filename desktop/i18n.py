"""Korean and English for every user-facing string.

Why JSON catalogs rather than Qt ``.ts/.qm``: the same strings are needed by the Qt-free core, the command
line and the PDF reports, and a plain catalog needs no generated files in the repository or build step.
Catalogs live in ``assets/i18n/<lang>/*.json`` (one file per area of the app, merged at load), keyed by a
stable message id, with ``{named}`` placeholders. A test checks both languages have the same ids and the same
placeholders. Keys starting with "@" are translator comments (ARB convention), skipped here; see
docs/translating.md. Qt's own dialog strings come from Qt's bundled translations (see ``ui/app_shell``).
"""

from __future__ import annotations

import json
import locale
import os
import string
from functools import cache
from pathlib import Path

from desktop.core.particles import PARTICLES, attach
from desktop.resources import asset

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "en"

_active = {"lang": DEFAULT_LANGUAGE}


class MissingTranslation(KeyError):
    pass


def catalog_dir(lang: str) -> Path:
    return asset("i18n", lang)


@cache
def catalog(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}")
    merged: dict[str, str] = {}
    for path in sorted(catalog_dir(lang).glob("*.json")):
        entries = read_catalog_file(path)[0]
        duplicates = merged.keys() & entries.keys()
        if duplicates:
            raise ValueError(f"{path.name}: message ids defined twice: {sorted(duplicates)[:5]}")
        merged.update(entries)
    return merged


def read_catalog_file(path: Path) -> tuple[dict[str, str], dict[str, dict]]:
    """One catalog file: its messages, and the translator comments beside them.

    A key ``"@<id>"`` is not a message but the ARB-style comment on ``<id>`` (``{"description": …,
    "placeholders": {"name": {"description": …, "example": …}}}``), read by translation tools such as Weblate
    or Crowdin and by the tests; the app never shows it. Only the English (source) catalogs carry them
    (docs/translating.md).
    """
    entries = json.loads(path.read_text(encoding="utf-8"))
    messages = {key: text for key, text in entries.items() if not key.startswith("@")}
    comments = {key[1:]: note for key, note in entries.items() if key.startswith("@")}
    return messages, comments


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def system_language() -> str:
    """Korean when the system says Korean, else English."""
    candidates = [os.environ.get(var, "") for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG")]
    try:
        candidates.append(locale.getlocale()[0] or "")
    except ValueError:
        pass
    for value in candidates:
        if value and value.split(":")[0].lower().startswith("ko"):
            return "ko"
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return "en"
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _active["lang"] = lang


def current_language() -> str:
    return _active["lang"]


def tr(message_id: str, lang: str | None = None, **values: object) -> str:
    """The message in the active (or given) language, with ``{placeholders}`` filled in.

    A placeholder may carry a Korean particle as its format spec (``{name:을}``, ``{name:이}``, ``{name:은}``,
    ``{place:으로}``): the form that fits the value is chosen (desktop/core/particles.py), so a catalog never
    needs the hedged "을(를)".
    With ``count``, the language's CLDR plural category picks a variant: ``<id>.one`` (English "1 photo"),
    ``<id>.few`` …, when the catalog has it; ``<id>`` itself is the "other" form (Korean has only that one).
    """
    lang = lang or _active["lang"]
    messages = catalog(lang)
    count = values.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        category = plural_category(lang, count)
        if category != "other" and f"{message_id}.{category}" in messages:
            message_id = f"{message_id}.{category}"
    text = messages.get(message_id)
    if text is None:
        raise MissingTranslation(message_id)
    if not values:
        return text
    try:
        return _FORMATTER.vformat(text, (), values)
    except (KeyError, IndexError):
        # A value the code forgot to pass: the tests fail on it (STRICT_ENV); a user sees a gap, not a crash.
        if os.environ.get(STRICT_ENV):
            raise
        from desktop.log import get_logger

        get_logger("i18n").warning("message %s is missing a value", message_id)
        return _FORMATTER.vformat(text, (), _GapFilling(values))


class _CatalogFormatter(string.Formatter):
    """``str.format`` plus Korean particles as a format spec: ``{name:을}`` gives "하늘을" / "민지를"."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec in PARTICLES:
            return attach(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _CatalogFormatter()


def format_text(text: str, **values: object) -> str:
    """Fill a content template (``assets/content``) like a catalog message: ``{name:을}`` picks the particle."""
    return _FORMATTER.format(text, **values)

STRICT_ENV = "JIKIMI_STRICT_I18N"


@cache
def _plural_rule(lang: str):
    from babel import Locale

    return Locale.parse(lang).plural_form


def plural_category(lang: str, count: int) -> str:
    """CLDR's plural category for ``count`` in ``lang``: "one" or "other" in English, always "other" in Korean."""
    return _plural_rule(lang)(abs(count))


class _GapFilling(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def has(message_id: str, lang: str | None = None) -> bool:
    return message_id in catalog(lang or _active["lang"])


def tr_or(message_id: str, fallback: str, **values: object) -> str:
    """The message when the catalog has it, else ``fallback`` (for ids built from data, e.g. a source kind)."""
    return tr(message_id, None, **values) if has(message_id) else fallback


def tr_for_role(message_id: str, role: str | None, **values: object) -> str:
    """The message as the person it is about would read it: a person using Jikimi for themselves (role
    ``self``) gets the ``<id>.self`` wording ("Yes, this is me") where the catalog has one; a parent reads the
    plain id ("Yes, this is my child")."""
    if role == "self" and has(f"{message_id}.self"):
        return tr(f"{message_id}.self", None, **values)
    return tr(message_id, None, **values)
