"""Every view of the URL configuration, requested by every role of the matrix on the objects
of its own unit, a child, a sibling and the parent (matrix.CASES):

- a role that does not reach the unit the object belongs to gets 404, never the page and
  never a 403 that would tell the object exists;
- a role that reaches it never gets a 404 and never a 5xx (a 403 is allowed: read-only);
- a view that concerns no single object answers every role without a 5xx, and the
  anonymous visitor is sent to the login page.

And the fuzz of item 13.7: every view, asked by four kinds of users with ids that are not
ids ("²", 25 digits, garbage) in its URL, query string and form, answers 400 or 404 or a
message, never a 5xx (SQLite and PostgreSQL).

Pages with rules finer than reach (whose turn it is, the member's own form) have their own
tests in their apps; this file makes sure no view is left without the reach check.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.activities.models import Activity
from renluyen.core.tests import matrix as m
from renluyen.core.tests.test_url_matrix import url_names
from renluyen.dashboards.models import ExportJob
from renluyen.imports.models import MemberImport
from renluyen.inspections.models import Inspection, InspectionPlan
from renluyen.notifications.models import Notification
from renluyen.programs.models import Enrollment
from renluyen.support.models import CommendationTitle, Guidance, HelpRequest

# The views whose object belongs to one unit: URL name -> the kind of object in the path.
BY_UNIT = {
    "organizations:unit_detail": "unit",
    "people:member_detail": "member",
    "registrations:form": "enrollment",
    "registrations:paper": "enrollment",
    "registrations:review": "enrollment",
    "registrations:history": "enrollment",
    "registrations:print": "enrollment",
    "registrations:pdf": "enrollment",
    "registrations:branch": "unit",
    "registrations:branch_print": "unit",
    "registrations:branch_pdf": "unit",
    "registrations:overview": "unit",
    "evaluations:self": "enrollment",
    "evaluations:member": "enrollment",
    "evaluations:maxima": "enrollment",
    "evaluations:history": "enrollment",
    "evaluations:branch": "unit",
    "evaluations:cell": "unit",
    "evaluations:meeting": "unit",
    "evaluations:finalize": "unit",
    "evaluations:withdraw": "unit",
    "evaluations:groups": "unit",
    "evaluations:group_comments": "unit",
    "evaluations:results": "unit",
    "evaluations:decide": "unit",
    "evaluations:export": "unit",
    "imports:preview": "import",
    "imports:problems_csv": "import",
    "imports:confirm": "import",
    "imports:recheck": "import",
    "imports:discard": "import",
    "activities:edit": "activity",
    "activities:delete": "activity",
    "activities:sign_up": "activity",
    "activities:roster": "activity",
    "activities:checkin_screen": "activity",
    "activities:slips": "activity",
    "activities:slips_enter": "activity",
    # Their own matrix tests (accounts, organizations, people) check 403 and 200 too;
    # here they are in the reach check and the fuzz.
    "accounts:unit": "unit",
    "accounts:sheet": "unit",
    "accounts:member_code": "member",
    "organizations:unit_history": "unit",
    "organizations:unit_create": "unit",
    "organizations:unit_close": "unit",
    "organizations:role_grant": "unit",
    "organizations:role_people": "unit",
    "people:member_transfer": "member",
    "support:unit": "unit",
    "support:commendation_unit": "unit",
    "support:checkins": "unit",
    "support:checkin_round": "unit",
    "support:commendation_branch": "unit",
    "support:mentors": "unit",
    "support:registration_meeting": "unit",
    "support:help_detail": "help",
    "support:acknowledge": "guidance",
    # The year's end (their own matrix tests check 403 and 200 too).
    "dashboards:unit": "unit",
    "dashboards:late": "unit",
    "dashboards:export": "unit",
    "dashboards:export_start": "unit",
    "reports:unit": "unit",
    "reports:print": "unit",
    "reports:pdf": "unit",
    "reports:letterhead": "unit",
    "reports:office": "unit",
    "emulation:ranking": "unit",
    "emulation:export": "unit",
    "emulation:weights": "unit",
    "inspections:unit": "unit",
    "inspections:inspection": "inspection",
}
# Views of no single object (lists, one's own pages) and the programs' pages, which every
# role of the base Union sees whatever its unit: no 5xx for anyone, login for the anonymous.
ANY_ROLE = {
    "core:home": {},
    "organizations:unit_list": {},
    "people:member_list": {},
    "registrations:mine": {},
    "evaluations:mine": {},
    "activities:list": {},
    "activities:create": {},
    "activities:check_in": {},
    "progress:mine": {},
    "progress:waiting": {},
    "imports:upload": {},
    "imports:template": {"fmt": "xlsx"},
    "notifications:inbox": {},
    "notifications:read_all": {},
    "notifications:open": "notification",
    "programs:program_list": {},
    "programs:program_enroll": "program",
    "support:mine": {},
    "support:mentees": {},
    "support:titles": "program",
    "support:title_edit": "title",
    "programs:program_detail": "program",
    "programs:program_copy": "program",
    "programs:program_edit": "program",
    "programs:program_status": "program",
    "programs:area_create": "program",
    "programs:area_edit": "area",
    "programs:area_delete": "area",
    "programs:criterion_create": "area",
    "programs:criterion_edit": "criterion",
    "programs:criterion_delete": "criterion",
    # One inspection plan of the base Union; one export, its owner's alone.
    "inspections:plan": "plan",
    "dashboards:job": "job",
    "dashboards:download": "job",
}
# POST-only views are posted; the others are fetched (the reach check comes first in both).
POST_ONLY = {
    "evaluations:cell",
    "evaluations:meeting",
    "evaluations:finalize",
    "evaluations:withdraw",
    "evaluations:decide",
    "imports:confirm",
    "imports:recheck",
    "imports:discard",
    "notifications:read_all",
    "programs:program_status",
    "activities:sign_up",
    "accounts:member_code",
    "organizations:role_grant",
    "support:acknowledge",
    "dashboards:export_start",
    "emulation:weights",
}


@pytest.fixture
def world(matrix):
    """The matrix tree with, in every unit, its member enrolled in this year's program of
    the base Union (with a saved form), an import and an activity organised there."""
    units = matrix.units
    program = factories.program(unit=units["base"])
    objects = {"unit": units, "member": matrix.members}
    objects["enrollment"] = {
        key: Enrollment.objects.create(program=program, member=member, branch=units[key])
        for key, member in matrix.members.items()
        if key in units
    }
    objects["import"] = {
        key: MemberImport.objects.create(unit=unit, file_name="ds.xlsx", rows=[])
        for key, unit in units.items()
    }
    area = program.areas.first()
    objects["activity"] = {
        key: Activity.objects.create(
            program=program, unit=unit, area=area, title=f"Hoạt động {key}", starts_on=date.today()
        )
        for key, unit in units.items()
    }
    objects["help"] = {
        key: HelpRequest.objects.create(enrollment=enrollment, text="Em cần giúp đỡ.")
        for key, enrollment in objects["enrollment"].items()
    }
    author = factories.user("guidance_author")
    objects["guidance"] = {
        key: Guidance.objects.create(program=program, unit=unit, author=author, text="Lưu ý.")
        for key, unit in units.items()
    }
    plan = InspectionPlan.objects.create(
        unit=units["base"], school_year=program.school_year, title="Kế hoạch", created_by=author
    )
    objects["inspection"] = {
        key: Inspection.objects.create(
            plan=plan, unit=unit, planned_on=date.today(), topic="Chuyên đề"
        )
        for key, unit in units.items()
    }
    notification = Notification.objects.create(user=matrix.users["member"], verb="x", data={})
    other = {
        "program": program,
        "area": area,
        "criterion": area.criteria.first(),
        "notification": notification,
        "title": CommendationTitle.objects.create(program=program, name="Đoàn viên tiêu biểu"),
        "plan": plan,
        "job": ExportJob.objects.create(
            kind="members",
            user=matrix.users["standing_committee"],
            unit=units["base"],
            program=program,
        ),  # fmt: skip
    }
    return matrix, objects, other


def path_of(name: str, world, target_key: str | None) -> str:
    matrix, objects, other = world
    route = url_names()[name]
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if name in BY_UNIT:
        obj = objects[BY_UNIT[name]][target_key]
        # A further number in the route (a check-in round) is 1.
        return reverse(name, args=[obj.pk, *[1] * (len(params) - 1)])
    kind = ANY_ROLE[name]
    if isinstance(kind, dict):
        return reverse(name, kwargs=kind)
    obj = other[kind]
    if len(params) == 1:
        # The object's own id (a program, a notification). Not the program's id for every
        # one-id route: on SQLite both ids were 1, on PostgreSQL the notification's 404'd.
        return reverse(name, args=[obj.pk])
    return reverse(name, args=[other["program"].pk, obj.pk])


def fetch(client, name: str, path: str):
    return client.post(path, {}) if name in POST_ONLY else client.get(path)


@m.covers(*BY_UNIT)
@pytest.mark.parametrize("name", sorted(BY_UNIT))
def test_a_view_of_one_units_object_answers_by_reach(client, world, name):
    matrix = world[0]
    wrong = []
    for role_key, target in m.CASES:
        target_key = m.target_of(role_key, target)
        client.force_login(matrix.users[role_key])
        status = fetch(client, name, path_of(name, world, target_key)).status_code
        # The plain member reaches no unit, but their own form on "own" (branch_a1's
        # member record is not theirs, so they still must not see it).
        sees = m.sees(role_key, target)
        if BY_UNIT[name] == "activity" and target == "parent":
            sees = True  # the catalog shows the activities of the units above (read-only)
        # A role that reaches the unit may still get 404 where the object is not for it
        # (an import seen only by who may import, a form not yet confirmed for printing,
        # a branch page asked at another level): the leak rule is the one checked here.
        if status >= 500 or (not sees and status != 404):
            wrong.append(f"{role_key} on {target} ({target_key}): {status}")
    assert not wrong, f"{name}: " + "; ".join(wrong)


@m.covers(*ANY_ROLE)
@pytest.mark.parametrize("name", sorted(ANY_ROLE))
def test_a_view_of_no_units_object_answers_every_role(client, world, name):
    matrix = world[0]
    path = path_of(name, world, None)
    anonymous = fetch(client, name, path)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    for role_key, _target in m.CASES:
        client.force_login(matrix.users[role_key])
        status = fetch(client, name, path).status_code
        assert status < 500, f"{name} as {role_key}: {status}"
        if name == "notifications:open":
            assert (status == 404) is (role_key != "member"), role_key


BAD_IDS = ["²", "1" * 25, "abc", "-1", "1.5", " 7", "0", "9" * 18]
FIELDS = [
    "unit", "program", "pk", "enrollment", "area", "item", "group", "branch", "present",
    "criteria", "activity", "member_type", "status", "state", "level", "page", "step",
    "action", "version", "until", "meeting_date", "value", "type", "all", "q",
]  # fmt: skip


def bad_paths(route: str) -> list[str]:
    ids = re.findall(r"<id:\w+>", route)
    return [
        "/" + re.sub(r"<id:\w+>", bad, route).replace("<str:fmt>", "xlsx")
        for bad in ["²", "1" * 25, "abc"]
        if ids
    ]


@pytest.mark.parametrize("name", sorted(BY_UNIT | ANY_ROLE))
def test_ids_that_are_not_ids_never_give_a_5xx(client, world, name):
    matrix = world[0]
    admin = factories.user("fuzz_admin", is_superuser=True, is_staff=True)
    path = path_of(name, world, "branch_a1")
    users = [admin, *(matrix.users[k] for k in ("branch_secretary", "standing_committee"))]
    users.append(matrix.users["member"])
    failures = []
    for user in users:
        client.force_login(user)
        for bad in BAD_IDS:
            data = {field: bad for field in FIELDS}
            data.update({f"version-{bad}": bad, f"collective-{bad}": bad, f"comment-{bad}": bad})
            for method in ("get", "post"):
                response = getattr(client, method)(path, data)
                if response.status_code >= 500:
                    failures.append(f"{user.username} {method.upper()} {bad!r}: 5xx")
        for bad_path in bad_paths(url_names()[name]):
            status = client.get(bad_path).status_code
            if status not in (400, 404):
                failures.append(f"{user.username} GET {bad_path}: {status}")
    assert not failures, f"{name}: " + "; ".join(failures)
