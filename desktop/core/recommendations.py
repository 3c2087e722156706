"""Which recommendations to give, from the findings, in priority order, with the exact steps.

The texts and steps are data (``assets/content/<lang>/recommendations.yaml``); this module holds the rules
that choose them. A recommendation's id is stable across scans (``make_private.instagram``) so its
"done" checkbox is remembered.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from desktop import i18n
from desktop.core import content
from desktop.core import signals as sig
from desktop.core.models import Exposure, SourceSummary
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
    count: int = 0
    photo_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    why: str
    steps: tuple[str, ...]
    priority: int
    checklist_items: tuple[str, ...] = ()
    photo_keys: tuple[str, ...] = field(default=())


def _templates(lang: str) -> dict[str, dict]:
    return {entry["id"]: entry for entry in content.load("recommendations", lang)["recommendations"]}


def platform_name(platform: str | None, lang: str | None = None) -> str:
    lang = lang or i18n.current_language()
    for entry in content.load("recommendations", lang)["platforms"]:
        if entry["id"] == platform:
            return entry["name"]
    return platform or ""


def choose(exposures: list[Exposure], sources: list[SourceSummary]) -> list[Choice]:
    """The rules. Only counted exposures (not "not my child", not removed) drive recommendations."""
    counted = [e for e in exposures if e.counts]
    base = {tid: entry["priority"] for tid, entry in _templates("en").items()}
    choices: list[Choice] = []
    public = [e for e in counted if e.visibility in ("public", "unlisted", "unknown")]
    by_source: dict[int, list[Exposure]] = defaultdict(list)
    for exposure in public:
        by_source[exposure.source_id].append(exposure)

    # 1. Accounts that are public and show the face: make them private.
    seen_platforms: set[str] = set()
    for source in sources:
        exposed = by_source.get(source.source_id, [])
        if source.visibility == "public" and exposed and source.owner in ("self", "parent", "other", "club"):
            if source.platform not in seen_platforms and source.platform not in ("website", "folder"):
                seen_platforms.add(source.platform)
                choices.append(Choice(f"make_private.{source.platform}", "make_private", base["make_private"],
                                      source.platform, len(exposed)))

    # 2. Profile pictures showing the face.
    for platform in sorted({e.platform for e in public if sig.PROFILE_PICTURE in e.signals}):
        choices.append(Choice(f"change_profile_picture.{platform}", "change_profile_picture",
                              base["change_profile_picture"], platform, 1))

    # 3. The riskiest public photos first.
    posts = sorted((e for e in public if e.level == "match" and sig.PROFILE_PICTURE not in e.signals),
                   key=exposure_points, reverse=True)
    if posts:
        top = tuple(e.key for e in posts[:HIDE_FIRST_MAX])
        choices.append(Choice("hide_photos_first", "hide_photos_first", base["hide_photos_first"], None,
                              len(top), top))

    # 4. What the photos and captions give away.
    for kinds, template in (
        ({sig.LOCATION}, "remove_location"),
        ({sig.SCHOOL, sig.CLASS, sig.UNIFORM}, "remove_school_details"),
        ({sig.PHONE, sig.ADDRESS}, "remove_contact_details"),
    ):
        hits = tuple(e.key for e in public if e.signals & kinds)
        if hits:
            choices.append(Choice(template, template, base[template], None, len(hits), hits))

    # 5. Who posted: the school, the family, other people tagging.
    school = tuple(e.key for e in public if e.owner == "school")
    if school:
        choices.append(Choice("ask_school", "ask_school", base["ask_school"], None, len(school), school))
    family = tuple(e.key for e in public if e.owner == "parent")
    if family:
        choices.append(Choice("review_own_posts", "review_own_posts", base["review_own_posts"], None,
                              len(family), family))
    for platform in sorted({e.platform for e in public if e.platform in PLATFORMS_WITH_TAGS}):
        choices.append(Choice(f"tag_approval.{platform}", "tag_approval", base["tag_approval"], platform))

    # 6. Photos about to be posted, and faces to confirm.
    upcoming = tuple(e.key for e in counted if e.visibility == "not_posted" and e.level == "match")
    if upcoming:
        choices.append(Choice("blur_before_posting", "blur_before_posting", base["blur_before_posting"], None,
                              len(upcoming), upcoming))
    possible = tuple(e.key for e in counted if e.level == "possible" and e.review == "open")
    if possible:
        choices.append(Choice("review_possible", "review_possible", base["review_possible"], None,
                              len(possible), possible))
    return sorted(choices, key=lambda c: (c.priority, -c.count, c.id))


def render(choice: Choice, name: str, lang: str | None = None) -> Recommendation:
    lang = lang or i18n.current_language()
    template = _templates(lang)[choice.template]
    values = {"platform": platform_name(choice.platform, lang), "count": choice.count, "name": name}
    steps = template["steps"]
    chosen = [s for s in steps if s["id"] == choice.platform] or [s for s in steps if s["id"] in ("any", "other")]
    # A platform's step may say it differently (Bluesky has no private accounts: "make it private" would be wrong).
    own = chosen[0] if len(chosen) == 1 else {}
    return Recommendation(
        id=choice.id,
        title=own.get("title", template["title"]).format(**values),
        why=own.get("why", template["why"]).format(**values),
        steps=tuple(step["text"].format(**values) for step in chosen),
        priority=choice.priority,
        checklist_items=tuple(step["checklist"] for step in chosen if step.get("checklist")),
        photo_keys=choice.photo_keys,
    )


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
