"""Who must have agreed before Jikimi may learn a person's face or scan their sources.

- A child or student: the guardian confirms; a young person of 14 or older also confirms themself.
- A person scanning themself ("self"): their own confirmation; under 14 a guardian's as well (a child under 14
  cannot agree alone to having their face learned, Korean PIPA art. 22-2).
Withdrawn, refused, requested or no consent: nothing may be enrolled or scanned.
"""

from __future__ import annotations

from desktop.core.models import Consent, Person

SCOPE_ENROL_AND_SCAN = "enrol-and-scan"


def required_confirmations(person: Person) -> set[str]:
    if person.role == "self" and person.age_band == "under14":
        return {"guardian", "self"}
    if person.role == "self" or person.age_band == "adult":
        return {"self"}
    if person.age_band == "14to17":
        return {"guardian", "self"}
    return {"guardian"}


def confirmations(given_by: str | None) -> set[str]:
    return set(given_by.split("+")) if given_by else set()


def combine_confirmations(parts: list[str] | tuple[str, ...]) -> str | None:
    """``["self", "guardian"]`` -> ``"guardian+self"`` (the stored, canonical form)."""
    unique = sorted(set(parts))
    return "+".join(unique) if unique else None


def given_confirmations(consent: Consent | None) -> set[str]:
    """Who has agreed and still stands by it: nobody unless the latest record is a given consent."""
    return confirmations(consent.given_by) if consent is not None and consent.status == "given" else set()


def missing_confirmations(person: Person, consent: Consent | None) -> set[str]:
    """Who must still agree before the person may be enrolled and scanned (empty when nobody)."""
    return required_confirmations(person) - given_confirmations(consent)


def refusal_reason(person: Person, consent: Consent | None) -> str | None:
    """None when the person may be enrolled and scanned, else the message id that explains why not."""
    if consent is None or consent.status == "none":
        return "consent.missing"
    if consent.status == "withdrawn":
        return "consent.withdrawn"
    if consent.status == "refused":
        return "consent.refused"
    if consent.status == "requested":
        return "consent.pending"
    missing = required_confirmations(person) - confirmations(consent.given_by)
    if "self" in missing and person.role != "self" and person.age_band == "14to17":
        return "consent.needs_young_person"
    if "guardian" in missing and person.role == "self":
        return "consent.needs_guardian_for_self"
    if missing:
        return "consent.needs_guardian" if "guardian" in missing else "consent.needs_self"
    return None


def may_process(person: Person, consent: Consent | None) -> bool:
    return refusal_reason(person, consent) is None
