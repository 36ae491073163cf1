"""Checking a pending import again against the current members (views.recheck)."""

from django.urls import reverse

from renluyen import factories
from renluyen.imports.models import MemberImport
from renluyen.imports.tests.helpers import row, upload, xlsx
from renluyen.people.models import Member


def test_a_row_fixed_in_the_database_is_clean_after_checking_again(client, people, codes, program):
    other = factories.member(branch=codes["branch_a2"], code="DV1")
    client.force_login(people["secretary_a1"])
    upload(client, codes["branch_a1"], xlsx([row("DV1")]), program)
    member_import = MemberImport.objects.get()
    assert member_import.bad_rows == 1

    # The office transfers the member into branch A1 meanwhile.
    other.branch = codes["branch_a1"]
    other.save()
    client.post(reverse("imports:recheck", args=[member_import.pk]))
    member_import.refresh_from_db()
    assert (member_import.bad_rows, member_import.to_update) == (0, 1)
    client.post(reverse("imports:confirm", args=[member_import.pk]))
    assert Member.objects.get(code="DV1").full_name == "Nguyễn Văn An"


def test_problems_in_the_file_itself_stay_after_checking_again(office_client, codes, program):
    upload(office_client, codes["base"], xlsx([row("DV1", name="", branch="CD-A1")]), program)
    member_import = MemberImport.objects.get()
    office_client.post(reverse("imports:recheck", args=[member_import.pk]))
    member_import.refresh_from_db()
    assert member_import.problems == [[2, "missing_full_name", {}]]
