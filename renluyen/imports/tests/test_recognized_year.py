"""A recognized year is history (issue 9 item 5): an import that would move a member out
of (or into) a branch whose results were sent up or recognized is refused for that year,
replayed here over HTTP as the Union office would; without a program it only changes the
member's current branch (later years). Closed branches take no rows."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.tests.helpers import text
from renluyen.evaluations.models import BranchEvaluation, BranchState
from renluyen.imports.models import ImportStatus, MemberImport
from renluyen.imports.tests.helpers import row, upload, xlsx
from renluyen.people.models import Member
from renluyen.programs.models import Enrollment


def _confirm(client):
    member_import = MemberImport.objects.order_by("-pk").first()
    client.post(reverse("imports:confirm", args=[member_import.pk]))
    member_import.refresh_from_db()
    return member_import


@pytest.mark.parametrize(
    "state", [BranchState.RECOGNIZED, BranchState.FORWARDED, BranchState.FINALIZED]
)
def test_an_import_cannot_move_a_member_out_of_a_locked_year(office_client, codes, program, state):
    member = factories.member(branch=codes["branch_a1"], code="DV1", name="Nguyễn Văn An")
    enrollment = Enrollment.objects.create(program=program, member=member, branch=member.branch)
    BranchEvaluation.objects.create(program=program, branch=codes["branch_a1"], state=state)

    response = upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A2")]), program)
    page = text(office_client.get(response["Location"]))
    assert "đã được chuyển lên hoặc đã được công nhận" in page
    assert _confirm(office_client).status == ImportStatus.PENDING
    enrollment.refresh_from_db()
    member.refresh_from_db()
    assert enrollment.branch == member.branch == codes["branch_a1"]
    # The new branch could not rescore them: its list for the year does not have them.
    assert not Enrollment.objects.filter(program=program, branch=codes["branch_a2"]).exists()

    # Without choosing the program, only the current branch changes: the later years.
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A2")]))
    assert _confirm(office_client).status == ImportStatus.APPLIED
    enrollment.refresh_from_db()
    member.refresh_from_db()
    assert member.branch == codes["branch_a2"]
    assert enrollment.branch == codes["branch_a1"]


def test_no_new_member_joins_a_recognized_year(office_client, codes, program):
    BranchEvaluation.objects.create(
        program=program, branch=codes["branch_a2"], state=BranchState.RECOGNIZED
    )
    upload(office_client, codes["base"], xlsx([row("DV9", branch="CD-A2")]), program)
    assert _confirm(office_client).status == ImportStatus.PENDING
    assert not Member.objects.filter(code="DV9").exists()


def test_an_open_branch_still_takes_the_move(office_client, codes, program):
    member = factories.member(branch=codes["branch_a1"], code="DV1")
    enrollment = Enrollment.objects.create(program=program, member=member, branch=member.branch)
    BranchEvaluation.objects.create(program=program, branch=codes["branch_a1"], state="open")
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A2")]), program)
    assert _confirm(office_client).status == ImportStatus.APPLIED
    enrollment.refresh_from_db()
    assert enrollment.branch == codes["branch_a2"]


def test_a_closed_branch_takes_no_rows(office_client, codes, program):
    from django.utils import timezone

    codes["branch_a2"].closed_on = timezone.localdate()
    codes["branch_a2"].save()
    response = upload(office_client, codes["base"], xlsx([row("DV5", branch="CD-A2")]), program)
    assert "đơn vị này đã đóng" in text(office_client.get(response["Location"]))
    assert _confirm(office_client).status == ImportStatus.PENDING
