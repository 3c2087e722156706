"""Every message the catalogs carry is shown somewhere, and every message the code asks for exists.

A message nobody shows is a translation nobody checks; a message the code asks for that the catalog lacks is a
gap on screen. Ids built at run time are recognised by the whole f-string, each ``{…}`` standing for one
dot-free segment (``tr(f"class.page.{status}_title")`` accounts for ``class.page.refused_title``, not for every
``class.page.*``), or by their literal prefix when concatenated (``tr("scan.level_hint." + level)``).
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop import i18n

ROOT = Path(__file__).resolve().parents[2]
_CALL = re.compile(r"""\btr(?:_or)?\(\s*(['"])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\1\s*[,)]""")
# f"id.{x}" or f"id.{x}.tail" or f"id.{x.replace('+', '_')}_tail": a quoted string inside the braces is allowed
_FSTRING = re.compile(r"""\bf(['"])([a-z][a-z0-9_]*(?:\.[a-z0-9_]*)*"""
                      r"""(?:\{[^{}'"\n]*(?:(['"])[^'"\n]*\3[^{}'"\n]*)*\}[a-z0-9_.-]*)+)\1""")
_CONCAT = re.compile(r"""(['"])([a-z][a-z0-9_.]*\.)\1\s*\+""")
_SEGMENT = "[A-Za-z0-9_-]+"  # what one {…} stands for: a kind, status or number, never a dotted id


def _sources() -> str:
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "desktop").rglob("*.py")]
    texts += [path.read_text(encoding="utf-8", errors="replace") for path in (ROOT / "assets" / "content").rglob("*")
              if path.is_file()]
    return "\n".join(texts)


def _patterns(source: str) -> list[re.Pattern[str]]:
    patterns = {_SEGMENT.join(re.escape(part) for part in re.split(r"\{[^{}]*\}", match.group(2)))
                for match in _FSTRING.finditer(source)}
    patterns |= {re.escape(match.group(2)) + ".+" for match in _CONCAT.finditer(source)}
    return [re.compile(pattern) for pattern in sorted(patterns)]


def unused_message_ids() -> list[str]:
    source = _sources()
    patterns = _patterns(source)
    unused = []
    for message_id in sorted(i18n.catalog("en")):
        # plural (".one") and first-person (".self", tr_for_role) variants are used through their base id
        candidates = {message_id, message_id.removesuffix(".one"), message_id.removesuffix(".self")}
        if any(f'"{base}"' in source or f"'{base}'" in source for base in candidates):
            continue
        if any(pattern.fullmatch(base) for base in candidates for pattern in patterns):
            continue
        unused.append(message_id)
    return unused


def test_every_message_in_the_catalogs_is_used():
    assert unused_message_ids() == []


def test_every_message_the_code_asks_for_is_in_both_catalogs():
    asked = {match.group(2) for match in _CALL.finditer(_sources())}
    for lang in i18n.LANGUAGES:
        assert sorted(asked - i18n.catalog(lang).keys()) == [], lang
