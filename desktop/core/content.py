"""Guidance content as data: ``assets/content/<lang>/<name>.yaml``.

The help screen, the checklist, the lesson mode, the recommendations and the PDF reports all read these
files, so a phone number is corrected in one place. Every file exists in both languages with the same
entry ids (its "twin"); :func:`validate_all` reports any file or id without a twin.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
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
    for lang in LANGUAGES:
        for name in sorted(file_names(lang)):
            try:
                tree = load(name, lang)
            except yaml.YAMLError:
                continue  # reported once below
            problems.extend(f"{lang}/{name}.yaml: {p}" for p in check_schema(name, tree))
        problems.extend(check_references(lang))
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
        problems.extend(check_twin_facts(name))
        ids = {lang: ids_in(tree) for lang, tree in trees.items()}
        for lang in LANGUAGES:
            for other in LANGUAGES:
                for missing in sorted(ids[lang] - ids[other]):
                    problems.append(f"{name}: id {missing} in {lang} has no {other} twin")
    return problems


# --- schema ---------------------------------------------------------------------------------------
# A small structural checker (no extra dependency): a spec is a type (str, int, bool, date), a dict of
# key -> spec (every key required unless wrapped in Optional), a one-element list [spec] (a list of
# those), OneOf(values), Nullable(spec) or Url().


@dataclass(frozen=True)
class Optional:
    spec: Any


@dataclass(frozen=True)
class Nullable:
    spec: Any


@dataclass(frozen=True)
class OneOf:
    values: tuple


@dataclass(frozen=True)
class Url:
    pass


AUDIENCES = ("minors", "adults", "parents", "schools")
VERIFIABLE = ("account_public", "profile_picture_face", "location_in_photos")
SOURCE_KINDS = ("official", "unconfirmed")
DEVICES = ("all", "ios", "android", "web", "studio", "habit")
ROLES = ("victim", "parent", "friend", "teacher")
SLIDE_KINDS = ("text", "checklist", "quiz", "help")

HOTLINES = {
    "groups": [{"id": str, "country": str, "title": str}],
    "entries": [
        {
            "id": str,
            "group": str,
            "name": str,
            "what": str,
            "phones": [{"number": str, "label": str}],
            "web": [{"url": Url(), "label": str}],
            "chat": [str],
            "hours": Nullable(str),
            "country": str,
            "audience": [OneOf(AUDIENCES)],
            "verified": _dt.date,
            "sources": [Url()],
            "caveat": Optional(str),
        }
    ],
}
FOUND_SOMETHING = {
    "title": str,
    "intro": str,
    "roles": [
        {
            "id": OneOf(ROLES),
            "title": str,
            "lead": str,
            "steps": [{"id": str, "title": str, "body": str, "contacts": [str]}],
        }
    ],
}
CHECKLIST = {
    "title": str,
    "intro": str,
    "platforms": [
        {
            "id": str,
            "name": str,
            "items": [
                {
                    "id": str,
                    "what": str,
                    "why": str,
                    "setting": str,
                    "verifiable_by": Optional(OneOf(VERIFIABLE)),
                }
            ],
        }
    ],
}
SETTINGS = {
    "entries": [
        {
            "id": str,
            "platform": str,
            "checked": _dt.date,
            "paths": [{"device": OneOf(DEVICES), "path": str, "kind": OneOf(SOURCE_KINDS), "source": Url()}],
            "note": Optional(str),
        }
    ],
}
SHARENTING = {
    "title": str,
    "sections": [
        {"id": str, "title": str, "lead": str, "items": [{"id": str, "text": str, "sources": [Url()]}]}
    ],
}
LESSON = {
    "title": str,
    "sections": [{"id": str, "title": str}],
    "slides": [
        {
            "id": str,
            "section": str,
            "kind": OneOf(SLIDE_KINDS),
            "title": str,
            "notes": str,
            "points": Optional([str]),
            "question": Optional(str),
            "answer": Optional(str),
            "sources": Optional([Url()]),
        }
    ],
}
SCHEMAS: dict[str, Any] = {
    "hotlines": HOTLINES,
    "found_something": FOUND_SOMETHING,
    "checklist": CHECKLIST,
    "settings": SETTINGS,
    "sharenting": SHARENTING,
    "lesson": LESSON,
}


def check_structure(value: Any, spec: Any, where: str = "") -> list[str]:
    """Problems with ``value`` against ``spec``, each naming where it is (``entries[3].phones``)."""
    here = where or "top level"
    if isinstance(spec, Nullable):
        return [] if value is None else check_structure(value, spec.spec, where)
    if isinstance(spec, Optional):
        return check_structure(value, spec.spec, where)
    if isinstance(spec, OneOf):
        return [] if value in spec.values else [f"{here}: {value!r} is not one of {', '.join(spec.values)}"]
    if isinstance(spec, Url):
        if isinstance(value, str) and value.startswith(("https://", "http://")) and " " not in value:
            return []
        return [f"{here}: {value!r} is not a web address"]
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return [f"{here}: expected a mapping, found {type(value).__name__}"]
        problems = []
        for key, child in spec.items():
            if key not in value:
                if not isinstance(child, Optional):
                    problems.append(f"{here}: missing {key}")
                continue
            problems += check_structure(value[key], child, f"{where}.{key}" if where else key)
        problems += [f"{here}: unknown key {key}" for key in value if key not in spec]
        return problems
    if isinstance(spec, list):
        if not isinstance(value, list):
            return [f"{here}: expected a list, found {type(value).__name__}"]
        problems = []
        for index, child in enumerate(value):
            problems += check_structure(child, spec[0], f"{where}[{index}]")
        return problems
    if spec is _dt.date:
        ok = isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
        return [] if ok else [f"{here}: expected a date (YYYY-MM-DD), found {value!r}"]
    if spec is str:
        return [] if isinstance(value, str) and value.strip() else [f"{here}: expected text, found {value!r}"]
    if not isinstance(value, spec) or (spec is int and isinstance(value, bool)):
        return [f"{here}: expected {spec.__name__}, found {type(value).__name__}"]
    return []


def _duplicates(ids: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    problems = []
    for value in ids:
        if value in seen:
            problems.append(f"{what} id {value} is used twice")
        seen.add(value)
    return problems


def check_schema(name: str, tree: Any) -> list[str]:
    """Structure plus the cross-references a screen relies on (groups, contacts, sections, id prefixes)."""
    spec = SCHEMAS.get(name)
    if spec is None:
        return []
    problems = check_structure(tree, spec)
    if problems:
        return problems
    if name == "hotlines":
        groups = [g["id"] for g in tree["groups"]]
        problems += _duplicates(groups, "group") + _duplicates([e["id"] for e in tree["entries"]], "entry")
        for entry in tree["entries"]:
            if entry["group"] not in groups:
                problems.append(f"entry {entry['id']}: unknown group {entry['group']}")
            if not (entry["phones"] or entry["web"] or entry["chat"]):
                problems.append(f"entry {entry['id']}: no way to reach it (phone, web or chat)")
            if not entry["audience"]:
                problems.append(f"entry {entry['id']}: no audience")
            if not entry["sources"]:
                problems.append(f"entry {entry['id']}: no source")
    elif name == "found_something":
        problems += _duplicates([r["id"] for r in tree["roles"]], "role")
        for role in tree["roles"]:
            problems += _duplicates([s["id"] for s in role["steps"]], f"{role['id']} step")
    elif name == "checklist":
        problems += _duplicates([p["id"] for p in tree["platforms"]], "platform")
        all_items = [i["id"] for p in tree["platforms"] for i in p["items"]]
        problems += _duplicates(all_items, "item")
        for platform in tree["platforms"]:
            for item in platform["items"]:
                if not item["id"].startswith(platform["id"] + "."):
                    problems.append(f"item {item['id']}: id must start with {platform['id']}.")
    elif name == "settings":
        problems += _duplicates([e["id"] for e in tree["entries"]], "setting")
        for entry in tree["entries"]:
            if not entry["id"].startswith(entry["platform"] + "."):
                problems.append(f"setting {entry['id']}: id must start with {entry['platform']}.")
            if not entry["paths"]:
                problems.append(f"setting {entry['id']}: no path")
    elif name == "lesson":
        sections = [s["id"] for s in tree["sections"]]
        problems += _duplicates(sections, "section") + _duplicates([s["id"] for s in tree["slides"]], "slide")
        for slide in tree["slides"]:
            if slide["section"] not in sections:
                problems.append(f"slide {slide['id']}: unknown section {slide['section']}")
            if slide["kind"] == "quiz" and not (slide.get("question") and slide.get("answer")):
                problems.append(f"slide {slide['id']}: a quiz needs a question and an answer")
            if slide["kind"] == "text" and not slide.get("points"):
                problems.append(f"slide {slide['id']}: a text slide needs points")
    return problems


def check_references(lang: str) -> list[str]:
    """Contacts named in found_something.yaml must exist in hotlines.yaml of the same language; settings named by
    the checklist and the recommendations must exist in settings.yaml."""
    return _contact_references(lang) + _setting_references(lang)


def _setting_references(lang: str) -> list[str]:
    names = file_names(lang)
    if not {"settings", "checklist", "recommendations"} <= names:
        return []
    try:
        known = {entry["id"] for entry in load("settings", lang)["entries"]}
        items = [i for p in load("checklist", lang)["platforms"] for i in p["items"]]
        steps = [s for r in load("recommendations", lang)["recommendations"] for s in r["steps"]]
    except (KeyError, TypeError, yaml.YAMLError):
        return []  # the structure check reports these
    problems = [f"{lang}/checklist.yaml: {i['id']} names unknown setting {i.get('setting')}"
                for i in items if i.get("setting") not in known]
    in_checklist = {i.get("setting") for i in items}
    for step in steps:
        for setting in step.get("settings", []):
            if setting not in known:
                problems.append(f"{lang}/recommendations.yaml: step {step['id']} names unknown setting {setting}")
            elif setting not in in_checklist:
                problems.append(f"{lang}/recommendations.yaml: setting {setting} is not in the student checklist")
    return problems


def _contact_references(lang: str) -> list[str]:
    names = file_names(lang)
    if not {"hotlines", "found_something"} <= names:
        return []
    try:
        known = {entry["id"] for entry in load("hotlines", lang)["entries"]}
        roles = load("found_something", lang)["roles"]
    except (KeyError, TypeError, yaml.YAMLError):
        return []  # the structure check reports these
    problems = []
    for role in roles:
        for step in role["steps"]:
            for contact in step["contacts"]:
                if contact not in known:
                    problems.append(
                        f"{lang}/found_something.yaml: {role['id']}.{step['id']} names unknown hotline {contact}"
                    )
    return problems


# Fields that are facts, not prose: a Korean entry and its English twin must agree on them exactly
# (a phone number corrected in one language only is a bug).
TWIN_FACTS = {
    "hotlines": ("group", "country", "audience", "verified", "sources", "hours_known", "numbers", "urls"),
    "found_something": ("contacts",),
    "checklist": ("verifiable_by", "setting"),
    "settings": ("platform", "checked", "devices", "kinds", "path_sources"),
    "sharenting": ("sources",),
    "lesson": ("section", "kind", "sources"),
}


def _facts_of(node: dict) -> dict:
    facts = dict(node)
    facts["numbers"] = [p.get("number") for p in node.get("phones", []) if isinstance(p, dict)]
    facts["urls"] = [w.get("url") for w in node.get("web", []) if isinstance(w, dict)]
    facts["hours_known"] = node.get("hours") is not None
    paths = [p for p in node.get("paths", []) if isinstance(p, dict)]
    facts["devices"] = [p.get("device") for p in paths]
    facts["kinds"] = [p.get("kind") for p in paths]
    facts["path_sources"] = [p.get("source") for p in paths]
    return facts


def _id_nodes(value: Any, found: dict[str, dict]) -> dict[str, dict]:
    if isinstance(value, dict):
        if "id" in value:
            found.setdefault(str(value["id"]), value)
        for child in value.values():
            _id_nodes(child, found)
    elif isinstance(value, list):
        for child in value:
            _id_nodes(child, found)
    return found


def check_twin_facts(name: str) -> list[str]:
    fields = TWIN_FACTS.get(name)
    if not fields or any(name not in file_names(lang) for lang in LANGUAGES):
        return []
    try:
        nodes = {lang: _id_nodes(load(name, lang), {}) for lang in LANGUAGES}
    except yaml.YAMLError:
        return []
    first, *others = LANGUAGES
    problems = []
    for other in others:
        for node_id in sorted(nodes[first].keys() & nodes[other].keys()):
            a, b = _facts_of(nodes[first][node_id]), _facts_of(nodes[other][node_id])
            for field in fields:
                if a.get(field) != b.get(field):
                    problems.append(
                        f"{name}: {node_id}.{field} differs between {first} ({a.get(field)!r})"
                        f" and {other} ({b.get(field)!r})"
                    )
    return problems
