"""The content check: which facts need looking at again.

Every platform setting (``settings.yaml``) and every help line (``hotlines.yaml``) must name a source and the
day it was checked; a recommendation step shows a setting's path only through its entry, never in its own words,
and only a setting the student checklist also shows. Those are errors (the content test fails). Entries checked
longer ago than :data:`MAX_AGE_DAYS`, or whose source is not an official page, are warnings: listed by the test and
by ``jikimi self-test --content`` for whoever updates the content next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

from desktop.core import content

MAX_AGE_DAYS = 180
ERROR, WARNING = "error", "warning"

# Sites that speak for the body or the platform itself: Korean government (.go.kr), the bodies that answer the
# lines, the platforms' own help and safety pages.
OFFICIAL_HOSTS = (
    "go.kr", "korea.kr", "d4u.stop.or.kr", "women1366.kr", "busan1366.or.kr", "kocsc.or.kr", "kyci.or.kr",
    "takeitdown.ncmec.org", "report.cybertip.org", "stopncii.org", "revengepornhelpline.org.uk", "esafety.gov.au",
    "swgfl.org.uk",
)


@dataclass(frozen=True)
class Finding:
    where: str  # "settings/instagram.private_account", "hotlines/acosav", "recommendations/make_private.x"
    level: str  # ERROR or WARNING
    message: str  # in English, for CI logs and tests
    key: str = ""  # the catalog id under "content_check." that says it in another language
    values: tuple[tuple[str, object], ...] = ()

    def line(self, lang: str = "en") -> str:
        """"warning: settings/x.protect_posts: no official source for: all", in ``lang`` (``self-test --content``
        prints it in the user's language)."""
        if lang == "en" or not self.key:
            return f"{self.level}: {self.where}: {self.message}"
        from desktop.i18n import tr

        level = tr(f"content_check.level.{self.level}", lang=lang)
        return f"{level}: {self.where}: {tr(f'content_check.{self.key}', lang=lang, **dict(self.values))}"


def _finding(where: str, level: str, key: str, **values: object) -> Finding:
    from desktop.i18n import tr

    return Finding(where, level, tr(f"content_check.{key}", lang="en", **values), key, tuple(values.items()))


def is_official_host(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)


def _age(checked, today: dt.date) -> int | None:
    return (today - checked).days if isinstance(checked, dt.date) else None


def _dated(where: str, checked, today: dt.date, max_age: int) -> list[Finding]:
    age = _age(checked, today)
    if age is None:
        return [_finding(where, ERROR, "no_checked_date")]
    if age > max_age:
        return [_finding(where, WARNING, "old", date=checked.isoformat(), age=age, max_age=max_age)]
    return []


def setting_findings(lang: str, today: dt.date, max_age: int) -> list[Finding]:
    findings = []
    for entry in content.load("settings", lang).get("entries", []):
        where = f"settings/{entry.get('id')}"
        paths = entry.get("paths") or []
        findings += _dated(where, entry.get("checked"), today, max_age)
        if not paths or any(not p.get("source") for p in paths):
            findings.append(_finding(where, ERROR, "path_without_source"))
        unconfirmed = [p.get("device") for p in paths if p.get("kind") != "official"]
        if unconfirmed:
            findings.append(_finding(where, WARNING, "no_official_for", devices=", ".join(unconfirmed)))
    return findings


def hotline_findings(lang: str, today: dt.date, max_age: int) -> list[Finding]:
    findings = []
    for entry in content.load("hotlines", lang).get("entries", []):
        where = f"hotlines/{entry.get('id')}"
        sources = entry.get("sources") or []
        findings += _dated(where, entry.get("verified"), today, max_age)
        if not sources:
            findings.append(_finding(where, ERROR, "no_source"))
        elif not any(is_official_host(s) for s in sources):
            findings.append(_finding(where, WARNING, "not_official"))
    return findings


def step_findings(lang: str) -> list[Finding]:
    """A recommendation and the checklist must show the same words for the same setting: both take them from
    settings.yaml, so a step that names settings may not carry a path of its own, and each setting it names must
    also be in the checklist."""
    in_checklist = {item.get("setting") for p in content.load("checklist", lang)["platforms"] for item in p["items"]}
    findings = []
    for template in content.load("recommendations", lang)["recommendations"]:
        for step in template["steps"]:
            where = f"recommendations/{template['id']}.{step['id']}"
            names = step.get("settings", [])
            if names and "→" in step.get("text", ""):
                findings.append(_finding(where, ERROR, "step_writes_path"))
            for name in names:
                if name not in in_checklist:
                    findings.append(_finding(where, ERROR, "not_in_checklist", name=name))
    return findings


def findings(today: dt.date | None = None, max_age: int = MAX_AGE_DAYS, lang: str = "en") -> list[Finding]:
    """Everything to look at, errors first. Facts are the same in both languages (the twin check), so one
    language is enough; the step check runs on both."""
    today = today or dt.date.today()
    found = setting_findings(lang, today, max_age) + hotline_findings(lang, today, max_age)
    found += step_findings("ko") + step_findings("en")
    return sorted(found, key=lambda f: (f.level != ERROR, f.where))


def errors(found: list[Finding]) -> list[Finding]:
    return [f for f in found if f.level == ERROR]
