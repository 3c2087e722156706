"""Typed views of the guidance content (hotlines, "found something?" steps, the privacy checklist,
sharenting advice, the lesson deck). Qt-free: the screens, the PDF and the lesson mode all read these.

The content lives in ``assets/content/<lang>/*.yaml`` (see :mod:`desktop.core.content`, which also checks
its schema and that every Korean entry has an English twin).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.core import content

KOREA = "KR"
ROLES = ("victim", "parent", "friend", "teacher")


@dataclass(frozen=True)
class Phone:
    number: str
    label: str


@dataclass(frozen=True)
class WebLink:
    url: str
    label: str


@dataclass(frozen=True)
class Hotline:
    id: str
    group: str
    name: str
    what: str
    phones: tuple[Phone, ...]
    web: tuple[WebLink, ...]
    chat: tuple[str, ...]
    hours: str | None
    country: str
    audience: tuple[str, ...]
    verified: dt.date
    sources: tuple[str, ...]
    caveat: str | None = None


@dataclass(frozen=True)
class HotlineGroup:
    id: str
    title: str
    country: str
    entries: tuple[Hotline, ...]


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    body: str
    contacts: tuple[str, ...]


@dataclass(frozen=True)
class RolePath:
    id: str
    title: str
    lead: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class SettingPath:
    """Where one setting is on one kind of device, and the page that says so."""

    device: str  # all, ios, android, web, studio, habit (not a menu: something to do)
    path: str
    kind: str  # official: the platform's own page states it; unconfirmed: no official page was found
    source: str

    @property
    def official(self) -> bool:
        return self.kind == "official"


@dataclass(frozen=True)
class Setting:
    """One (platform, setting) entry of ``settings.yaml``: the single source of a menu path for the checklist, the
    recommendations, the lesson and the PDFs."""

    id: str
    platform: str
    checked: dt.date
    paths: tuple[SettingPath, ...]
    note: str | None = None

    @property
    def official(self) -> bool:
        return all(p.official for p in self.paths)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.source for p in self.paths))

    @property
    def is_habit(self) -> bool:
        return all(p.device == "habit" for p in self.paths)

    def path_text(self, lang: str) -> str:
        """The path(s) as one line: "iPhone: … · Android: …", each unconfirmed one followed by "(check)"."""
        from desktop.i18n import tr

        parts = []
        for p in self.paths:
            text = p.path if p.device in ("all", "habit") else tr(f"guidance.device.{p.device}", lang=lang,
                                                                      path=p.path)
            if not p.official and len(self.paths) > 1:
                text += " " + tr("guidance.setting.check_short", lang=lang)
            parts.append(text)
        return " · ".join(parts)

    def where(self, lang: str) -> str:
        """"Where: …" (a menu) or "How: …" (a habit)."""
        from desktop.i18n import tr

        return tr("guidance.setting.how" if self.is_habit else "guidance.checklist.where", lang=lang,
                  path=self.path_text(lang))

    def where_short(self, lang: str) -> str:
        """The path with "(check)" after an unconfirmed one, for a slide read across a classroom."""
        from desktop.i18n import tr

        marked = self.official or self.is_habit or len(self.paths) > 1  # several paths carry their own marks
        return self.where(lang) + ("" if marked else " " + tr("guidance.setting.check_short", lang=lang))

    def where_line(self, lang: str) -> str:
        """The path and, when no official page states it, the caution on the next line, as the recommendation steps
        and the lesson slides print it."""
        caution = self.caution(lang)
        return self.where(lang) + (f"\n{caution}" if caution else "")

    def _unconfirmed(self) -> str | None:
        """How far the paths are from an official page: None (official), "habit", "partly" or "unconfirmed"."""
        if self.official:
            return None
        if self.is_habit:
            return "habit"
        return "partly" if any(p.official for p in self.paths) else "unconfirmed"

    def caution(self, lang: str) -> str | None:
        """What the user must know when a path is not from an official page, in the user's language."""
        from desktop.i18n import tr

        keys = {"habit": "guidance.setting.habit_unconfirmed", "partly": "guidance.setting.partly_unconfirmed",
                "unconfirmed": "guidance.setting.unconfirmed"}
        kind = self._unconfirmed()
        return tr(keys[kind], lang=lang, date=self.checked.isoformat()) if kind else None

    def tag(self, lang: str) -> str | None:
        """The short mark the checklist shows on an item when a path is not from an official page ("확인 필요
        (DATE 확인)"); the checklist explains the mark once at the top (``guidance.checklist.check_explained``)."""
        from desktop.i18n import tr

        kind = self._unconfirmed()
        return tr(f"guidance.setting.tag_{kind}", lang=lang, date=self.checked.isoformat()) if kind else None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    what: str
    why: str
    setting: Setting
    verifiable_by: str | None = None

    @property
    def platform(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def sources(self) -> tuple[str, ...]:
        return self.setting.sources

    @property
    def path_basis(self) -> str:
        return "official" if self.setting.official else "unconfirmed"

    def menu_path(self, lang: str) -> str:
        return self.setting.path_text(lang)


@dataclass(frozen=True)
class ChecklistPlatform:
    id: str
    name: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class AdviceSection:
    id: str
    title: str
    lead: str
    items: tuple[tuple[str, str], ...]  # (id, text)


@dataclass(frozen=True)
class Slide:
    """One slide of the lesson. ``kind`` is text, quiz, checklist (one platform) or help."""

    id: str
    section: str
    section_title: str
    kind: str
    title: str
    notes: str
    points: tuple[str, ...] = ()
    question: str | None = None
    answer: str | None = None
    platform: ChecklistPlatform | None = None
    hotlines: tuple[Hotline, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    title: str
    sections: tuple[tuple[str, str], ...]  # (id, title) in order; number keys jump to them
    slides: tuple[Slide, ...] = field(default_factory=tuple)

    def first_slide_of(self, section_id: str) -> int:
        for index, slide in enumerate(self.slides):
            if slide.section == section_id:
                return index
        raise KeyError(section_id)


# --- hotlines -------------------------------------------------------------------------------------
def hotline_groups(lang: str) -> list[HotlineGroup]:
    """Groups in display order: Korea first in every language (Jikimi's users are in Korea, where 112 comes
    first), then the international services."""
    data = content.load("hotlines", lang)
    groups = []
    for group in data["groups"]:
        entries = tuple(_hotline(e) for e in data["entries"] if e["group"] == group["id"])
        groups.append(HotlineGroup(group["id"], group["title"], group["country"], entries))
    return sorted(groups, key=lambda g: g.country != KOREA)  # stable within each half


def hotlines(lang: str) -> list[Hotline]:
    return [entry for group in hotline_groups(lang) for entry in group.entries]


def verified_note(lang: str) -> str:
    """The line under the help list and in the checklist PDF: the oldest and newest day an entry was checked, so
    an old entry is not hidden behind the newest date."""
    from desktop.i18n import tr

    dates = [h.verified for h in hotlines(lang)]
    return tr("guidance.help.verified_note", lang=lang, oldest=min(dates).isoformat(), newest=max(dates).isoformat())


def hotline(lang: str, hotline_id: str) -> Hotline:
    for entry in hotlines(lang):
        if entry.id == hotline_id:
            return entry
    raise KeyError(hotline_id)


def _hotline(entry: dict) -> Hotline:
    return Hotline(
        id=entry["id"],
        group=entry["group"],
        name=entry["name"],
        what=entry["what"],
        phones=tuple(Phone(p["number"], p["label"]) for p in entry["phones"]),
        web=tuple(WebLink(w["url"], w["label"]) for w in entry["web"]),
        chat=tuple(entry["chat"]),
        hours=entry["hours"],
        country=entry["country"],
        audience=tuple(entry["audience"]),
        verified=entry["verified"],
        sources=tuple(entry["sources"]),
        caveat=entry.get("caveat"),
    )


# --- found something? ------------------------------------------------------------------------------
def found_intro(lang: str) -> tuple[str, str]:
    data = content.load("found_something", lang)
    return data["title"], data["intro"]


def found_something(lang: str) -> dict[str, RolePath]:
    """The step-by-step path for each role (victim, parent, friend, teacher), in that order."""
    data = content.load("found_something", lang)
    paths = {
        role["id"]: RolePath(
            role["id"],
            role["title"],
            role["lead"],
            tuple(Step(s["id"], s["title"], s["body"], tuple(s["contacts"])) for s in role["steps"]),
        )
        for role in data["roles"]
    }
    return {role: paths[role] for role in ROLES if role in paths}


# --- platform settings -----------------------------------------------------------------------------
def settings(lang: str) -> dict[str, Setting]:
    """Every (platform, setting) entry by id, in file order."""
    return {
        entry["id"]: Setting(
            id=entry["id"],
            platform=entry["platform"],
            checked=entry["checked"],
            paths=tuple(SettingPath(p["device"], p["path"], p["kind"], p["source"]) for p in entry["paths"]),
            note=entry.get("note"),
        )
        for entry in content.load("settings", lang)["entries"]
    }


def setting(lang: str, setting_id: str) -> Setting:
    return settings(lang)[setting_id]


# --- checklist ---------------------------------------------------------------------------------------
def checklist_intro(lang: str) -> tuple[str, str]:
    data = content.load("checklist", lang)
    return data["title"], data["intro"]


def checklist(lang: str) -> list[ChecklistPlatform]:
    data = content.load("checklist", lang)
    known = settings(lang)
    return [
        ChecklistPlatform(
            platform["id"],
            platform["name"],
            tuple(
                ChecklistItem(
                    id=item["id"],
                    what=item["what"],
                    why=item["why"],
                    setting=known[item["setting"]],
                    verifiable_by=item.get("verifiable_by"),
                )
                for item in platform["items"]
            ),
        )
        for platform in data["platforms"]
    ]


def checklist_item(lang: str, item_id: str) -> ChecklistItem:
    for platform in checklist(lang):
        for item in platform.items:
            if item.id == item_id:
                return item
    raise KeyError(item_id)


def checklist_item_ids() -> list[str]:
    """Every item id, in order; the same in both languages (the twin check enforces it)."""
    return [item.id for platform in checklist("en") for item in platform.items]


# --- sharenting --------------------------------------------------------------------------------------
def sharenting(lang: str) -> tuple[str, list[AdviceSection]]:
    data = content.load("sharenting", lang)
    sections = [
        AdviceSection(s["id"], s["title"], s["lead"], tuple((i["id"], i["text"]) for i in s["items"]))
        for s in data["sections"]
    ]
    return data["title"], sections


# --- lesson ------------------------------------------------------------------------------------------
def lesson(lang: str) -> Lesson:
    """The lesson deck with the generated slides expanded: one checklist slide per platform, and the
    help slide filled with the Korean lines and the international image-removal services."""
    data = content.load("lesson", lang)
    section_titles = {s["id"]: s["title"] for s in data["sections"]}
    slides: list[Slide] = []
    for raw in data["slides"]:
        common = dict(
            section=raw["section"],
            section_title=section_titles[raw["section"]],
            notes=raw["notes"],
            sources=tuple(raw.get("sources", ())),
        )
        if raw["kind"] == "checklist":
            for platform in checklist(lang):
                slides.append(
                    Slide(id=f"{raw['id']}.{platform.id}", kind="checklist", title=platform.name,
                          platform=platform, **common)
                )
        elif raw["kind"] == "help":
            slides.append(Slide(id=raw["id"], kind="help", title=raw["title"],
                                hotlines=tuple(lesson_hotlines(lang)), **common))
        else:
            slides.append(
                Slide(
                    id=raw["id"],
                    kind=raw["kind"],
                    title=raw["title"],
                    points=tuple(raw.get("points", ())),
                    question=raw.get("question"),
                    answer=raw.get("answer"),
                    **common,
                )
            )
    return Lesson(data["title"], tuple((s["id"], s["title"]) for s in data["sections"]), tuple(slides))


# 112 first; 1366 once (it reaches ACOSAV); StopNCII is for adults, so a class of 12-17-year-olds gets Take It Down.
LESSON_HOTLINES = ("police", "women1366", "acosav", "school_violence", "youth_counselling", "kcsc", "ecrm",
                   "take_it_down")


def lesson_hotlines(lang: str) -> list[Hotline]:
    """The lines a class needs on one slide, in a fixed order."""
    by_id = {h.id: h for h in hotlines(lang)}
    return [by_id[i] for i in LESSON_HOTLINES if i in by_id]
