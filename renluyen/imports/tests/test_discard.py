"""Discarding a pending import (views.discard)."""

from django.urls import reverse

from renluyen.audit.models import Event
from renluyen.imports.models import ImportStatus, MemberImport
from renluyen.imports.tests.helpers import row, upload, xlsx
from renluyen.people.models import Member


def test_a_discarded_import_drops_its_rows_and_can_no_longer_be_confirmed(
    office_client, codes, program
):
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1")]), program)
    member_import = MemberImport.objects.get()
    response = office_client.post(reverse("imports:discard", args=[member_import.pk]))
    assert response.url == f"{reverse('imports:upload')}?unit={codes['base'].pk}"
    member_import.refresh_from_db()
    assert (member_import.status, member_import.rows) == (ImportStatus.DISCARDED, [])
    assert Event.objects.filter(verb="member_import.discard").count() == 1

    office_client.post(reverse("imports:confirm", args=[member_import.pk]))
    assert Member.objects.count() == 0
    assert MemberImport.objects.get().status == ImportStatus.DISCARDED


def test_an_outsider_cannot_discard(client, office_client, people, codes, program):
    upload(office_client, codes["base"], xlsx([row("DV1", branch="CD-A1")]), program)
    member_import = MemberImport.objects.get()
    client.force_login(people["secretary_b1"])
    assert client.post(reverse("imports:discard", args=[member_import.pk])).status_code == 404
    assert MemberImport.objects.get().status == ImportStatus.PENDING
