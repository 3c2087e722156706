"""Which recommendations to give, from the findings, in priority order, with the exact steps.

The texts and steps are data (``assets/content/<lang>/recommendations.yaml``); this module holds the rules
that choose them. A recommendation's id is stable across scans (``make_private.instagram``) so its
"done" checkbox is remembered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from desktop import i18n
from desktop.core import content, guidance, risk
from desktop.core import signals as sig
from desktop.core.models import Exposure, SourceSummary, photo_count
from desktop.core.risk import Reason, exposure_points

HIDE_FIRST_MAX = 7
PLATFORMS_WITH_TAGS = ("instagram", "facebook", "x")


@dataclass(frozen=True)
class Choice:
    """A chosen recommendation before its text is filled in."""

    id: str
    template: str  # the recommendation id in the content file
    priority: int
    platform: str | None = None
    count: int = 0  # distinct photos
    photo_keys: tuple[str, ...] = ()  # the findings (places) it is about
    variant: str | None = None  # an alternative "why" in the template (``why_<variant>``)


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    why: str
    steps: tuple[str, ...]
    priority: int
    checklist_items: tuple[str, ...] = ()
    photo_keys: tuple[str, ...] = field(default=())
    settings: tuple[str, ...] = ()  # the settings.yaml entries whose paths the steps show


def _templates(lang: str) -> dict[str, dict]:
    return {entry["id"]: entry for entry in content.load("recommendations", lang)["recommendations"]}


def platform_name(platform: str | None, lang: str | None = None) -> str:
    lang = lang or i18n.current_language()
    for entry in content.load("recommendations", lang)["platforms"]:
        if entry["id"] == platform:
            return entry["name"]
    return platform or ""


def _photos(exposures) -> tuple[int, tuple[str, ...]]:
    """How many distinct photos, and the findings (places) they were found at."""
    found = tuple(exposures)
    return photo_count(found), tuple(e.key for e in found)


def _hide_first(counted: list[Exposure], priority: int) -> Choice | None:
    """The photos the first reason counts ("N public photos show the face clearly"), riskiest first, up to
    :data:`HIDE_FIRST_MAX`. A photo that is only ever a profile picture is left to its own recommendation
    (change it, not hide it), and the text then says so, so that both numbers are true together."""
    _, shown = risk.faces_shown(counted)
    by_photo: dict[str, list[Exposure]] = defaultdict(list)
    for exposure in shown:
        by_photo[exposure.photo_key].append(exposure)
    posts = {photo: [e for e in places if sig.PROFILE_PICTURE not in e.signals] for photo, places in by_photo.items()}
    posts = {photo: places for photo, places in posts.items() if places}
    if not posts:
        return None
    ranked = sorted(posts, key=lambda photo: sum(exposure_points(e) for e in posts[photo]), reverse=True)
    top = ranked[:HIDE_FIRST_MAX]
    variant = "besides_profile" if len(posts) < len(by_photo) else None
    return Choice("hide_photos_first", "hide_photos_first", priority, None, len(top),
                  tuple(e.key for photo in top for e in posts[photo]), variant)


def choose(exposures: list[Exposure], sources: list[SourceSummary]) -> list[Choice]:
    """The rules. Only counted exposures (not "not my child") drive recommendations. Counts are
    distinct photos, as in the reasons."""
    counted = [e for e in exposures if e.counts]
    base = {tid: entry["priority"] for tid, entry in _templates("en").items()}
    choices: list[Choice] = []
    public = risk.public_exposures(counted)
    by_source: dict[int, list[Exposure]] = defaultdict(list)
    for exposure in public:
        by_source[exposure.source_id].append(exposure)

    # 1. Accounts that are public and show the face: make them private, or, when they are someone else's,
    # ask whoever runs them (the family cannot change another person's settings).
    seen_platforms: set[str] = set()
    others: dict[str, list[Exposure]] = defaultdict(list)
    for source in sources:
        exposed = by_source.get(source.source_id, [])
        if source.visibility != "public" or not exposed:
            continue
        if source.owner == "other":
            others[source.platform].extend(exposed)
        elif source.owner in ("self", "parent", "club"):
            if source.platform not in seen_platforms and source.platform not in ("website", "folder"):
                seen_platforms.add(source.platform)
                choices.append(Choice(f"make_private.{source.platform}", "make_private", base["make_private"],
                                      source.platform, photo_count(exposed)))
    for platform, exposed in sorted(others.items()):
        count, keys = _photos(exposed)
        choices.append(Choice(f"ask_owner.{platform}", "ask_owner", base["ask_owner"], platform, count, keys))

    # 2. Profile pictures showing the face.
    for platform in sorted({e.platform for e in public if sig.PROFILE_PICTURE in e.signals}):
        choices.append(Choice(f"change_profile_picture.{platform}", "change_profile_picture",
                              base["change_profile_picture"], platform, 1))

    # 3. The photos that show the face most clearly, riskiest first.
    hide = _hide_first(counted, base["hide_photos_first"])
    if hide is not None:
        choices.append(hide)

    # 4. What the photos and captions give away; 5. who posted: the school, the family; 6. photos about to
    # be posted, and faces to confirm.
    for template, found in (
        ("remove_location", [e for e in public if sig.LOCATION in e.signals]),
        ("remove_school_details", [e for e in public if e.signals & {sig.SCHOOL, sig.CLASS, sig.UNIFORM}]),
        ("remove_contact_details", [e for e in public if e.signals & {sig.PHONE, sig.ADDRESS}]),
        ("ask_school", [e for e in public if e.owner == "school"]),
        ("review_own_posts", [e for e in public if e.owner == "parent"]),
        ("blur_before_posting", [e for e in counted if e.visibility == "not_posted" and e.level == "match"]),
        ("review_possible", [e for e in counted if e.level == "possible" and e.review == "open"]),
    ):
        if found:
            count, keys = _photos(found)
            choices.append(Choice(template, template, base[template], None, count, keys))
    for platform in sorted({e.platform for e in public if e.platform in PLATFORMS_WITH_TAGS}):
        choices.append(Choice(f"tag_approval.{platform}", "tag_approval", base["tag_approval"], platform))
    return sorted(choices, key=lambda c: (c.priority, -c.count, c.id))


def render(choice: Choice, name: str, lang: str | None = None) -> Recommendation:
    lang = lang or i18n.current_language()
    template = _templates(lang)[choice.template]
    values = {"platform": platform_name(choice.platform, lang), "count": choice.count, "name": name}
    steps = template["steps"]
    chosen = [s for s in steps if s["id"] == choice.platform] or [s for s in steps if s["id"] in ("any", "other")]
    # A platform's step may say it differently (Bluesky has no private accounts: "make it private" would be wrong);
    # otherwise a variant of the recommendation may have its own why.
    own = chosen[0] if len(chosen) == 1 else {}
    why = template.get(f"why_{choice.variant}", template["why"]) if choice.variant else template["why"]
    fill = i18n.format_text
    setting_ids = tuple(s for step in chosen for s in step.get("settings", ()))
    return Recommendation(
        id=choice.id,
        title=fill(own.get("title", template["title"]), **values),
        why=fill(own.get("why", why), **values),
        steps=tuple(step_text(fill(step["text"], **values), step.get("settings", ()), lang) for step in chosen),
        priority=choice.priority,
        checklist_items=checklist_items_for(setting_ids, lang),
        photo_keys=choice.photo_keys,
        settings=setting_ids,
    )


def step_text(text: str, setting_ids, lang: str) -> str:
    """A step's own words, then where each setting is and, for a path no official page states, "check" — the
    same lines the student checklist shows for that setting (one entry in settings.yaml serves both)."""
    lines = [text]
    for setting_id in setting_ids:
        lines.append(guidance.setting(lang, setting_id).where_line(lang))
    return "\n".join(lines)


def checklist_items_for(setting_ids, lang: str) -> tuple[str, ...]:
    """The checklist items that show these settings, in checklist order."""
    wanted = set(setting_ids)
    return tuple(item.id for platform in guidance.checklist(lang) for item in platform.items
                 if item.setting.id in wanted)


def render_reason(reason: Reason, lang: str | None = None) -> str:
    values = dict(reason.values)
    if "platform" in values:
        values["platform"] = platform_name(values["platform"], lang)
    return i18n.tr(reason.message_id, lang=lang, **values)


# sources.kind -> platform. Feeds are told apart by their host (platform_of).
SOURCE_PLATFORMS = {
    "bluesky": "bluesky",
    "mastodon": "mastodon",
    "instagram": "instagram",
    "instagram-export": "instagram",
    "facebook-export": "facebook",
    "x-export": "x",
    "tiktok-export": "tiktok",
    "takeout": "youtube",
    "web": "website",
    "folder": "folder",
}


def platform_of(kind: str, target: str = "") -> str:
    """The platform a source kind belongs to (feeds are told apart by their host)."""
    direct = SOURCE_PLATFORMS
    if kind in direct:
        return direct[kind]
    lowered = target.lower()
    if "naver.com" in lowered:
        return "naver"
    if "tistory.com" in lowered:
        return "tistory"
    if "youtube.com" in lowered:
        return "youtube"
    return "blog"
