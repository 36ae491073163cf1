"""Activities held in the middle of the demo year (IV.1 Step 2), made by the real services:
for `renluyen.core.demo` (and the mid-year demo of the support app) to call.

    held(program, users) -> dict of the two activities it made (or found)

- "Sinh hoạt chủ điểm …" by branch CD-1 a week ago: CD-1's members with a confirmed form
  signed up, most ticked present on the secretary's checklist, two-part slips printed
  and one typed in afterwards;
- "Hiến máu tình nguyện …" by CD-1 today and tomorrow, with a check-in code shown by the
  secretary (`bithu`, Điểm danh → Mã điểm danh); `doanvien` signed up and can check in
  on a phone at /activities/check-in/.
Running it again changes nothing.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from renluyen.activities import attendance
from renluyen.activities.models import Activity
from renluyen.activities.services import activity_create
from renluyen.programs.models import Criterion, Enrollment
from renluyen.programs.services import parse_school_year
from renluyen.registrations.transitions import CONFIRMED_STATES

MEETING = "Sinh hoạt chủ điểm: học tập Nghị quyết Đại hội Đoàn các cấp"
BLOOD = "Hiến máu tình nguyện “Giọt hồng yêu thương”"


def _within(program, day: date) -> date:
    """`day`, kept inside the program's school year (the catalog's rule)."""
    first, last = parse_school_year(program.school_year)
    return min(max(day, date(first, 1, 1)), date(last, 12, 31))


def _make(program, unit, user, title, area, codes, description, starts_on, ends_on=None):
    found = Activity.objects.filter(program=program, unit=unit, title=title).first()
    if found:
        return found
    criteria = list(Criterion.objects.filter(area__program=program, code__in=codes))
    return activity_create(
        program=program,
        user=user,
        unit=unit,
        area=program.areas.get(number=area),
        criteria=criteria,
        title=title,
        description=description,
        starts_on=_within(program, starts_on),
        ends_on=_within(program, ends_on) if ends_on else None,
    )


def held(program, users: dict) -> dict:
    """See the module docstring. `users`: the demo accounts by username."""
    today = timezone.localdate()
    secretary = users.get("bithu")
    enrollments = list(
        Enrollment.objects.filter(program=program, branch__code="CD-1")
        .select_related("member__user", "branch", "program")
        .order_by("member__code")
    )
    branch = enrollments[0].branch if enrollments else None
    if branch is None:
        return {}
    meeting = _make(
        program,
        branch,
        secretary,
        MEETING,
        1,
        ["1.1", "1.3"],
        "Chi đoàn học tập, thảo luận nghị quyết; mỗi đoàn viên viết một bài thu hoạch ngắn.",
        today - timedelta(days=7),
    )
    blood = _make(
        program,
        branch,
        secretary,
        BLOOD,
        2,
        ["2.2"],
        "Ngày hội hiến máu tại hội trường nhà E; đoàn viên điểm danh bằng mã QR tại bàn đón.",
        today,
        today + timedelta(days=1),
    )
    if not meeting.participations.exists() and meeting.starts_on <= today:
        # Held a week ago: the secretary ticked who came on her checklist.
        confirmed = [
            e
            for e in enrollments
            if getattr(e, "registration", None) and e.registration.state in CONFIRMED_STATES
        ]
        rng = random.Random(2027)
        came = [e for e in confirmed if rng.random() < 0.85] or confirmed
        attendance.attendance_add(
            activity=meeting, user=secretary, text=" ".join(e.member.code for e in came)
        )
    if blood.checkin_code is None and blood.starts_on <= today:
        blood = attendance.checkin_code_new(activity=blood, user=secretary)
    member = users.get("doanvien")
    own = next((e for e in enrollments if e.member.user_id == getattr(member, "pk", None)), None)
    if own is not None and today <= attendance.last_day(blood):
        attendance.sign_up(activity=blood, enrollment=own, user=member)
    return {"meeting": meeting, "blood": blood}
