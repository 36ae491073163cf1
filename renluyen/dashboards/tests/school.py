"""A small school whose figures are counted by hand, shared by the year's-end tests.

    base ── fed_a ── A1: m1 m2 m3 m4      fed_b ── B1: o1 o2 o3
                 └── A2: n1 n2 n3

Registration (due in 30 days): m1 m2 m3 n1 o1 o2 o3 submit today (on time); n2 submits
31 days from now with an extension (late); m4 and n3 never register. The branch
secretaries confirm every form but o3's. The evaluation opens: m1 (every criterion at
its maximum, 100), m2 (8.5 each, 85), n1 (7.5 each, 75) and o1 (6 each, 60) submit their
self-evaluations, which their branch accepts as they stand. A1 finalizes: m3 is left unscored
(not evaluated) and m4, who never registered, is Không hoàn thành.

                    A1   A2   B1   all
    members          4    3    3    10
    registered       3    2    3     8
    on time          3    1    3     7
    confirmed        3    2    2     7
    self-evaluated   2    1    1     4
    evaluated        3    1    1     5   (m1 m2 m4 · n1 · o1)
    excellent        1    0    0     1   (m1)
    good             1    0    0     1   (m2)
    completed        0    1    0     1   (n1)
    not completed    1    0    1     2   (m4 not registered · o1 at 60)
"""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

import time_machine
from django.utils import timezone

from renluyen import factories
from renluyen.organizations.models import Role
from renluyen.registrations import services as forms

EXPECTED = {
    "A1": dict(members=4, registered=3, registered_on_time=3, confirmed=3, self_reviewed=0,
               checked_in=0, self_evaluated=2, evaluated=3, excellent=1, good=1, completed=0,
               not_completed=1),
    "A2": dict(members=3, registered=2, registered_on_time=1, confirmed=2, self_reviewed=0,
               checked_in=0, self_evaluated=1, evaluated=1, excellent=0, good=0, completed=1,
               not_completed=0),
    "B1": dict(members=3, registered=3, registered_on_time=3, confirmed=2, self_reviewed=0,
               checked_in=0, self_evaluated=1, evaluated=1, excellent=0, good=0, completed=0,
               not_completed=1),
}  # fmt: skip
TOTAL = {key: sum(branch[key] for branch in EXPECTED.values()) for key in EXPECTED["A1"]}


def _member(branch, name):
    return factories.member(branch=branch, name=name, user=factories.user())


def build(org, people):
    """The school above, made through the real services (see the module docstring)."""
    base = org["base"]
    program = factories.program(unit=base)
    secretaries = {
        "A1": people["secretary_a1"],
        "A2": _holder(org["branch_a2"]),
        "B1": people["secretary_b1"],
    }
    branches = {"A1": org["branch_a1"], "A2": org["branch_a2"], "B1": org["branch_b1"]}
    names = {
        "A1": ["Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba", "Phạm Thị Bốn"],
        "A2": ["Hoàng Văn Năm", "Vũ Thị Sáu", "Đỗ Văn Bảy"],
        "B1": ["Bùi Thị Tám", "Đặng Văn Chín", "Ngô Thị Mười"],
    }
    e = {}
    for key, branch in branches.items():
        for index, name in enumerate(names[key], start=1):
            prefix = {"A1": "m", "A2": "n", "B1": "o"}[key]
            e[f"{prefix}{index}"] = factories.enroll(program, _member(branch, name))
    on_time = ["m1", "m2", "m3", "n1", "o1", "o2", "o3"]
    for key in on_time:
        confirm = None if key == "o3" else secretaries[_branch_of(key)]
        factories.registration(e[key], submit=True, confirm_by=confirm)
    # n2: after the deadline, with an extension.
    late_day = timezone.localdate() + timedelta(days=31)
    forms.extension_grant(
        enrollment=e["n2"],
        user=secretaries["A2"],
        until=late_day + timedelta(days=9),
        reason="Đoàn viên ốm dài ngày.",
        today=late_day,
    )
    with time_machine.travel(timezone.make_aware(datetime.combine(late_day, time(9))), tick=False):
        factories.registration(e["n2"], submit=True)
    reg = e["n2"].registration
    reg.refresh_from_db()
    forms.registration_confirm(registration=reg, user=secretaries["A2"])
    factories.open_evaluation(program)
    for key in e:
        e[key].refresh_from_db()
    for key, score in (("m1", None), ("m2", "8.5"), ("n1", "7.5"), ("o1", "6")):
        # The branch accepts each self-evaluation as it stands (IV.1 Step 3).
        factories.self_scores(e[key], score=score, accept_by=secretaries[_branch_of(key)])
    factories.finalize(program, branches["A1"], secretaries["A1"])
    program.refresh_from_db()
    return SimpleNamespace(
        program=program,
        base=base,
        upper=org["upper"],
        branches=branches,
        federations={"A": org["fed_a"], "B": org["fed_b"]},
        enrollments=e,
        secretaries=secretaries,
    )


def _branch_of(key: str) -> str:
    return {"m": "A1", "n": "A2", "o": "B1"}[key[0]]


def _holder(unit):
    user = factories.user()
    factories.role(user, unit, Role.BRANCH_SECRETARY)
    return user
