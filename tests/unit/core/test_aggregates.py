"""The teacher sees totals only; no number small enough to point at one student, even by subtraction."""

from desktop.core.aggregates import COMPLEMENTARY, FEW_STUDENTS, SMALL, StudentSummary, class_overview


def student(public=False, match=0, possible=0, signals=(), recs=()):
    return StudentSummary(
        visibilities=("public",) if public else ("private",),
        exposures={"match": match, "possible": possible},
        signals=frozenset(signals),
        recommendations=tuple(recs),
    )


def test_counts_of_one_or_two_are_shown_as_fewer_than_three():
    summaries = [student(public=True, signals={"phone"})] + [student(recs={"make_private"}) for _ in range(3)]
    overview = class_overview(summaries)
    assert overview.students_scanned.public_value() == 4
    assert overview.public_account.public_value() == "<3"
    assert overview.public_share_percent.public_value() == "<3"  # a percentage would give the count away
    signals = dict(overview.signals)
    assert signals["phone"].hidden_reason == SMALL
    assert signals["location"].public_value() == 0  # zero is shown: it says nothing about anyone
    assert [(rec, cell.value) for rec, cell in overview.top_recommendations] == [("make_private", 3)]


def test_with_fewer_than_three_students_nothing_but_that_is_shown():
    overview = class_overview([student(public=True, match=9), student(public=True, match=4)])
    assert not overview.enough_students
    assert overview.to_dict() == {"students_scanned": "<3", "enough_students": False}


def test_a_hidden_level_cannot_be_recovered_from_the_total():
    # 2 possible photos (small) and 9 matches across 3 students; total 11 is shown, so "possible"
    # would be 11 - 9. The next-smallest cell is hidden too.
    summaries = [student(match=3), student(match=3), student(match=3, possible=2), student()]
    overview = class_overview(summaries)
    assert overview.exposed_total.public_value() == 11
    assert overview.exposed_by_level["possible"].hidden_reason == SMALL
    assert overview.exposed_by_level["match"].hidden_reason == COMPLEMENTARY
    assert overview.to_dict()["exposed_photos"] == {"total": 11, "match": "hidden", "possible": "<3"}


def test_when_the_only_other_cell_is_zero_the_total_is_hidden_instead():
    # Ten photos, all "possible", all of one student: hidden (few students); match is 0, so total - 0
    # would reveal it: the total goes too.
    summaries = [student(possible=10), student(), student(), student()]
    overview = class_overview(summaries)
    assert overview.exposed_by_level["possible"].hidden_reason == FEW_STUDENTS
    assert overview.exposed_by_level["match"].public_value() == 0
    assert not overview.exposed_total.shown


def test_large_counts_from_many_students_are_exact():
    summaries = [student(public=i % 2 == 0, match=2, possible=1, signals={"school_name", "clear_face"},
                         recs=("make_private", "hide_clear_faces")) for i in range(10)]
    overview = class_overview(summaries)
    data = overview.to_dict()
    assert data["public_account"] == {"students": 5, "share_percent": 50}
    assert data["exposed_photos"] == {"total": 30, "match": 20, "possible": 10}
    assert data["signals"]["school_name"] == 10 and data["signals"]["clear_face"] == 10
    assert data["top_recommendations"] == [{"id": "hide_clear_faces", "students": 10},
                                           {"id": "make_private", "students": 10}]


def test_signal_order_is_fixed_so_it_leaks_nothing_about_hidden_cells():
    a = class_overview([student(signals={"phone"}) for _ in range(3)] + [student(signals={"uniform"})])
    b = class_overview([student(signals={"uniform"}) for _ in range(3)] + [student(signals={"phone"})])
    assert [kind for kind, _ in a.signals] == [kind for kind, _ in b.signals]
