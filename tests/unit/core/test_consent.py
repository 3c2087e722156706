from desktop.core import consent
from desktop.core.models import Consent, Person


def person(role="child", age_band="under14"):
    return Person(id=1, name="x", role=role, age_band=age_band, created_at="")


def given(by):
    return Consent("given", by, consent.SCOPE_ENROL_AND_SCAN, "")


def test_young_child_needs_the_guardian_only():
    assert consent.may_process(person(), given("guardian"))
    assert consent.refusal_reason(person(), given("self")) == "consent.needs_guardian"


def test_teen_needs_guardian_and_self():
    teen = person(age_band="14to17")
    assert consent.refusal_reason(teen, given("guardian")) == "consent.needs_young_person"
    assert consent.may_process(teen, given(consent.combine_confirmations(["self", "guardian"])))


def test_adult_self_scan_needs_own_consent():
    assert consent.may_process(person(role="self", age_band="adult"), given("self"))
    assert consent.refusal_reason(person(role="self"), None) == "consent.missing"


def test_a_child_under_14_checking_themself_needs_a_guardian_too():
    young = person(role="self", age_band="under14")
    assert consent.refusal_reason(young, given("self")) == "consent.needs_guardian_for_self"
    assert consent.may_process(young, given(consent.combine_confirmations(["self", "guardian"])))
    assert consent.may_process(person(role="self", age_band="14to17"), given("self"))


def test_withdrawn_and_pending_consent_stop_everything():
    withdrawn = Consent("withdrawn", "guardian", consent.SCOPE_ENROL_AND_SCAN, "")
    pending = Consent("requested", None, consent.SCOPE_ENROL_AND_SCAN, "")
    assert consent.refusal_reason(person(), withdrawn) == "consent.withdrawn"
    assert consent.refusal_reason(person(), pending) == "consent.pending"
