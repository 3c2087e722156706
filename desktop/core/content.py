"""Guidance content as data: ``assets/content/<lang>/<name>.yaml``.

The help screen, the checklist, the lesson mode, the recommendations and the PDF reports all read these
files, so a phone number is corrected in one place. Every file exists in both languages with the same
entry ids (its "twin"); :func:`validate_all` reports any file or id without a twin.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop.i18n import LANGUAGES
from desktop.resources import asset


def content_dir(lang: str) -> Path:
    return asset("content", lang)


@cache
def load(name: str, lang: str) -> Any:
    path = content_dir(lang) / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def file_names(lang: str) -> set[str]:
    return {p.stem for p in content_dir(lang).glob("*.yaml")}


def file_count() -> int:
    return sum(len(file_names(lang)) for lang in LANGUAGES)


def ids_in(value: Any, prefix: str = "") -> set[str]:
    """Every ``id`` in a content tree, with its path, so twins can be compared."""
    found: set[str] = set()
    if isinstance(value, dict):
        own = value.get("id")
        here = f"{prefix}/{own}" if own is not None else prefix
        if own is not None:
            found.add(here)
        for key, child in value.items():
            found |= ids_in(child, f"{here}.{key}" if own is None else here)
    elif isinstance(value, list):
        for child in value:
            found |= ids_in(child, prefix)
    return found


def validate_all() -> list[str]:
    problems: list[str] = []
    names = {lang: file_names(lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        for other in LANGUAGES:
            for missing in sorted(names[lang] - names[other]):
                problems.append(f"{lang}/{missing}.yaml has no {other} twin")
    for name in sorted(set.intersection(*names.values())):
        try:
            trees = {lang: load(name, lang) for lang in LANGUAGES}
        except yaml.YAMLError as exc:
            problems.append(f"{name}.yaml does not parse: {exc}")
            continue
        ids = {lang: ids_in(tree) for lang, tree in trees.items()}
        for lang in LANGUAGES:
            for other in LANGUAGES:
                for missing in sorted(ids[lang] - ids[other]):
                    problems.append(f"{name}: id {missing} in {lang} has no {other} twin")
    return problems
