"""The roll-ups stay equal to a direct count from the raw tables after every kind of
change: a form submitted, confirmed; a self-evaluation saved and submitted; a score;
finalize, withdraw, forward, recognize, reopen; a member moved to another branch by an
import; the registration deadline moved."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Count, Min, OuterRef, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone

from renluyen import factories
from renluyen.dashboards import direct, rollups
from renluyen.dashboards.models import COUNTS, BranchFigures, BranchWeek
from renluyen.evaluations import services as evaluations
from renluyen.evaluations.models import BranchEvaluation, Evaluation
from renluyen.imports import services as imports
from renluyen.imports.tests.helpers import row, xlsx_bytes
from renluyen.programs import services as programs
from renluyen.programs.models import Enrollment, Program
from renluyen.progress import services as progress
from renluyen.progress.models import Mark
from renluyen.registrations import services as forms
from renluyen.registrations.models import Item, Registration
from renluyen.support import services as support
from renluyen.support.demo import mid_year_dates


def rolled(program) -> dict:
    return {
        r.branch_id: {name: getattr(r, name) for name in COUNTS}
        for r in BranchFigures.objects.filter(program=program)
        if r.members
    }


def states(program) -> dict:
    return {
        r.branch_id: r.results_state
        for r in BranchFigures.objects.filter(program=program)
        if r.results_state
    }


def weeks_rolled(program) -> dict:
    return {
        (w.branch_id, w.week, key): getattr(w, key)
        for w in BranchWeek.objects.filter(program=program)
        for key in ("registered", "confirmed", "self_evaluated")
        if getattr(w, key)
    }


def weeks_direct(program) -> dict:
    """The weekly counts by SQL (TruncWeek in local time), apart from rollups.py."""
    out = {}

    def add(rows, key):
        for branch_id, week, n in rows:
            local = timezone.localtime(week).date() if hasattr(week, "tzinfo") else week
            out[(branch_id, local, key)] = n

    registrations = Registration.objects.filter(
        enrollment__program=program, first_submitted_at__isnull=False
    )
    add(
        registrations.annotate(week=TruncWeek("first_submitted_at"))
        .values_list("enrollment__branch_id", "week")
        .annotate(n=Count("pk")),
        "registered",
    )
    first = (
        Item.objects.filter(registration=OuterRef("pk"), confirmed_at__isnull=False)
        .values("registration")
        .annotate(first=Min("confirmed_at"))
        .values("first")
    )
    add(
        registrations.filter(state__in=direct.CONFIRMED)
        .annotate(first=Subquery(first))
        .annotate(week=TruncWeek("first"))
        .values_list("enrollment__branch_id", "week")
        .annotate(n=Count("pk")),
        "confirmed",
    )
    add(
        Evaluation.objects.filter(enrollment__program=program, self_state="submitted")
        .annotate(week=TruncWeek("self_submitted_at"))
        .values_list("enrollment__branch_id", "week")
        .annotate(n=Count("pk")),
        "self_evaluated",
    )
    return out


def assert_equal(program, step: str) -> None:
    raw = {k: v for k, v in direct.by_branch(program).items() if v["members"]}
    assert rolled(program) == raw, step
    expected_states = dict(
        BranchEvaluation.objects.filter(program=program).values_list("branch_id", "state")
    )
    assert states(program) == expected_states, step
    assert weeks_rolled(program) == weeks_direct(program), step


@pytest.fixture
def year(org, people, codes):
    program = factories.program(unit=org["base"])
    enrollments = {}
    for key, branch in (("a", org["branch_a1"]), ("b", org["branch_a2"]), ("c", org["branch_b1"])):
        for n in range(3):
            member = factories.member(branch=branch, user=factories.user(), code=f"DV{key}{n}")
            enrollments[f"{key}{n}"] = factories.enroll(program, member)
    # Enrollments made without a service (as a bulk import by SQL would): recount once.
    rollups.rebuild()
    return program, enrollments


@pytest.fixture
def codes(org):
    for key, code in (("branch_a1", "CD-A1"), ("branch_a2", "CD-A2"), ("branch_b1", "CD-B1")):
        org[key].code = code
        org[key].save()
    return org


def test_rollups_follow_every_kind_of_change(org, people, year):
    program, e = year
    secretary_a1, secretary_b1 = people["secretary_a1"], people["secretary_b1"]
    secretary_a2 = factories.user()
    factories.role(secretary_a2, org["branch_a2"], "branch_secretary")
    assert_equal(program, "enrolled")

    factories.registration(e["a0"], submit=True)
    assert_equal(program, "submitted")
    factories.registration(e["a1"], submit=True, confirm_by=secretary_a1)
    factories.registration(e["b0"], submit=True, confirm_by=secretary_a2)
    factories.registration(e["c0"], submit=True, confirm_by=secretary_b1)
    factories.registration(e["c1"], submit=True, confirm_by=secretary_b1)
    assert_equal(program, "confirmed")

    # The six-monthly self-review, in its window.
    today = timezone.localdate()
    Program.objects.filter(pk=program.pk).update(
        self_review_start=today - timedelta(days=1), self_review_end=today + timedelta(days=1)
    )
    e["a1"].program.refresh_from_db()
    items = {item.pk: Mark.DONE for item in progress.confirmed_items(e["a1"])}
    progress.review_save(
        enrollment=e["a1"],
        user=e["a1"].member.user,
        marks=items,
        difficulties="",
        version=0,
        submit=True,
    )
    assert rolled(program)[org["branch_a1"].pk]["self_reviewed"] == 1
    assert_equal(program, "self-reviewed")

    # A check-in round (support.services.checkins_record), in the middle of the year. The
    # dates move by a plain UPDATE (as the demo moves them), so the figures are recounted
    # once, as after any load that bypasses the services.
    Program.objects.filter(pk=program.pk).update(**mid_year_dates(today))
    program.refresh_from_db()
    rollups.refresh_program(program=program)
    for key in e:
        e[key].refresh_from_db()
    support.checkin_plan_set(
        program=program, branch=org["branch_a1"], user=secretary_a1, frequency="monthly"
    )
    support.checkins_record(
        program=program,
        branch=org["branch_a1"],
        user=secretary_a1,
        round_number=1,
        held_on=None,
        entries={e["a1"].pk: support.CheckinEntry("Đã tham gia đủ sinh hoạt.")},
    )
    assert rolled(program)[org["branch_a1"].pk]["checked_in"] == 1
    assert_equal(program, "a check-in")

    factories.open_evaluation(program)
    for key in e:
        e[key].refresh_from_db()
    factories.self_scores(e["a1"], score="8", submit=False)
    assert_equal(program, "self-evaluation draft")
    factories.self_scores(e["a1"], score="9")
    factories.self_scores(e["c0"], score="6")
    assert_equal(program, "self-evaluation submitted")

    item = evaluations.rows_of(evaluations.evaluation_of(e["c1"]))[0].item
    evaluations.collective_set(enrollment=e["c1"], user=secretary_b1, item_id=item.pk, value="5")
    assert_equal(program, "a score")

    factories.finalize(program, org["branch_b1"], secretary_b1)
    assert_equal(program, "finalized")
    evaluations.branch_withdraw(program=program, branch=org["branch_b1"], user=secretary_b1)
    assert_equal(program, "withdrawn")
    factories.finalize(program, org["branch_b1"], secretary_b1)
    fed_b = factories.user()
    factories.role(fed_b, org["fed_b"], "federation_committee")
    evaluations.branch_forward(program=program, branch=org["branch_b1"], user=fed_b)
    assert_equal(program, "forwarded")
    evaluations.branch_recognize(program=program, branch=org["branch_b1"], user=people["standing"])
    assert_equal(program, "recognized")
    evaluations.branch_reopen(
        program=program, branch=org["branch_b1"], user=people["standing"], reason="Sai sót điểm."
    )
    assert_equal(program, "reopened")


def test_rollups_follow_a_member_moved_by_an_import(org, people, year, codes):
    program, e = year
    factories.registration(e["a0"], submit=True, confirm_by=people["secretary_a1"])
    member = e["a0"].member
    # The office's list now puts the member in B1 (a transfer within the school).
    data = xlsx_bytes([row(member.code, member.full_name, branch="CD-B1")])
    pending = imports.import_upload(
        user=people["office"], unit=org["base"], program=program, file_name="dv.xlsx", data=data
    )
    imports.import_apply(member_import=pending, user=people["office"])
    assert Enrollment.objects.get(pk=e["a0"].pk).branch == org["branch_b1"]
    assert_equal(program, "moved by an import")
    assert rolled(program)[org["branch_b1"].pk]["confirmed"] == 1


def test_rollups_follow_a_transfer_to_another_branch(org, people, year):
    """Chuyển sinh hoạt Đoàn within the school (people.services.member_transfer): the form
    and its scores follow the member, and both branches' figures with them."""
    from renluyen.people.services import member_transfer

    program, e = year
    factories.registration(e["a0"], submit=True, confirm_by=people["secretary_a1"])
    before = rolled(program)
    member_transfer(member=e["a0"].member, user=people["office"], to_branch=org["branch_b1"])
    after = rolled(program)
    a1, b1 = org["branch_a1"].pk, org["branch_b1"].pk
    assert after[a1]["members"] == before[a1]["members"] - 1
    assert after[a1]["confirmed"] == before[a1]["confirmed"] - 1
    assert after[b1]["members"] == before[b1]["members"] + 1
    assert after[b1]["confirmed"] == before[b1]["confirmed"] + 1
    assert_equal(program, "transferred")


def test_rollups_count_the_members_a_new_year_enrolls(org, people):
    """Opening a program enrolls every active member (programs.rollover.enroll_all)."""
    from renluyen.programs.rollover import program_enroll

    for branch in (org["branch_a1"], org["branch_b1"]):
        factories.member(branch=branch)
    program = factories.program(unit=org["base"])
    program_enroll(program=program, user=people["office"])
    assert sum(counts["members"] for counts in rolled(program).values()) == 2
    assert_equal(program, "enrolled by the new year")


def test_rollups_follow_the_registration_deadline(org, people):
    # In the program's own school year, so the deadline can be moved by the service.
    with time_machine.travel(datetime(2020, 9, 15, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))):
        program = factories.program(unit=org["base"])
        member = factories.member(branch=org["branch_a1"], user=factories.user())
        factories.registration(factories.enroll(program, member), submit=True)
        assert rolled(program)[org["branch_a1"].pk]["registered_on_time"] == 1
        # The standing committee moves the deadline before today: the form came late.
        programs.program_update(
            program=program,
            user=people["standing"],
            values={"registration_deadline": date(2020, 9, 14)},
        )
        assert rolled(program)[org["branch_a1"].pk]["registered_on_time"] == 0
        assert_equal(program, "deadline moved")


def test_a_refresh_without_members_keeps_no_stale_row(org, people, year):
    program, e = year
    Enrollment.objects.filter(branch=org["branch_a2"]).delete()
    rollups.refresh_program(program=program)
    assert org["branch_a2"].pk not in {
        r.branch_id for r in BranchFigures.objects.filter(program=program)
    }
    assert_equal(program, "emptied")


def test_the_refresh_is_one_call_in_each_service():
    """The hook is one named call per service, so other branches' changes to the services
    keep it when they merge: every change of a form's state, self-evaluation, a score,
    finalize, the later steps (one helper), imports, the program's deadline and
    thresholds."""
    import inspect

    from renluyen.evaluations import services as evaluation_services
    from renluyen.evaluations.services import results as evaluation_results
    from renluyen.imports import services as import_services
    from renluyen.programs import services as program_services
    from renluyen.registrations import services as registration_services

    def calls(function) -> int:
        return inspect.getsource(function).count("rollups.refresh_")

    assert calls(registration_services.registration_submit) == 1
    assert calls(registration_services.registration_confirm) == 1
    # Every other change of a form's state: the registration overview counts them.
    assert calls(registration_services.registration_save) == 1  # the first save
    assert calls(registration_services.registration_withdraw) == 1
    assert calls(registration_services.registration_return) == 1
    assert calls(registration_services.registration_start_supplement) == 1
    assert calls(registration_services.registration_cancel_supplement) == 1
    assert calls(evaluation_services.self_save) == 1
    assert calls(evaluation_services.collective_set) == 1
    assert calls(evaluation_services.member_accept) == 1
    assert calls(evaluation_services.branch_finalize) == 1
    assert calls(evaluation_results._step) == 1
    assert calls(import_services.import_apply) == 1
    assert calls(program_services.program_update) == 1
    assert calls(program_services._restore_levels) == 1  # new thresholds
    assert calls(progress.review_save) == 1
    from renluyen.people import services as people_services
    from renluyen.programs import rollover

    assert calls(people_services.member_transfer) == 1
    assert calls(rollover.enroll_all) == 1
    assert calls(support.checkins_record) == 1
    assert forms  # the registration services are the ones tested above
