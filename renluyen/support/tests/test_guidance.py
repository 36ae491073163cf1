"""Guidance (seed V.1): a supervising school committee member leaves guidance to a unit in
their care; the unit's own committee sees it and acknowledges it."""

import pytest
from django.urls import reverse

from renluyen import factories
from renluyen.core.errors import DomainError
from renluyen.core.tests.helpers import text
from renluyen.organizations.models import Role
from renluyen.support import services
from renluyen.support.models import Guidance


@pytest.fixture
def supervisor(org):
    user = factories.user(first_name="Giám", last_name="Đỗ Minh")
    factories.role(user, org["fed_a"], Role.SUPERVISOR)
    return user


def hub(unit, program):
    return f"{reverse('support:unit', args=[unit.pk])}?program={program.pk}"


def test_the_supervisor_guides_a_branch_whose_committee_acknowledges(
    org, people, program, a1, supervisor, client_for
):
    response = client_for(supervisor).post(
        hub(org["branch_a1"], program), {"text": "Hoàn thành đợt trao đổi tháng này."}
    )
    assert response.status_code == 302
    guidance = Guidance.objects.get()
    assert (guidance.unit, guidance.author) == (org["branch_a1"], supervisor)
    secretary = client_for(people["secretary_a1"])
    page = text(secretary.get(hub(org["branch_a1"], program)))
    assert "Hoàn thành đợt trao đổi tháng này." in page and "Tiếp nhận" in page
    home = text(secretary.get("/"))
    assert "1 hướng dẫn cần tiếp nhận — Chi đoàn A1" in home
    secretary.post(
        reverse("support:acknowledge", args=[guidance.pk]), {"response": "Chi đoàn đã làm."}
    )
    guidance.refresh_from_db()
    assert guidance.acknowledged_by == people["secretary_a1"]
    assert guidance.response == "Chi đoàn đã làm."
    assert "Đỗ Minh Giám" in text(client_for(supervisor).get(hub(org["branch_a1"], program)))
    assert "hướng dẫn cần tiếp nhận" not in text(secretary.get("/"))
    with pytest.raises(DomainError, match="đã được tiếp nhận"):
        services.guidance_acknowledge(guidance=guidance, user=people["secretary_a1"], response="")


def test_the_federation_committee_does_not_acknowledge_for_a_branch(
    org, people, program, a1, supervisor, client_for
):
    guidance = services.guidance_add(
        program=program, unit=org["branch_a1"], user=supervisor, text="Nhắc chi đoàn."
    )
    url = reverse("support:acknowledge", args=[guidance.pk])
    assert client_for(people["fed_a"]).post(url, {}).status_code == 403
    assert client_for(supervisor).post(url, {}).status_code == 403
    assert client_for(people["secretary_b1"]).post(url, {}).status_code == 404
    # Guidance to the federation itself is the federation committee's to acknowledge.
    to_federation = services.guidance_add(
        program=program, unit=org["fed_a"], user=supervisor, text="Liên chi đoàn rà soát."
    )
    url = reverse("support:acknowledge", args=[to_federation.pk])
    assert client_for(people["fed_a"]).post(url, {}).status_code == 302
    assert Guidance.objects.filter(acknowledged_at__isnull=False).count() == 1


def test_only_supervisors_and_the_standing_committee_guide(
    org, people, program, a1, supervisor, client_for
):
    post = {"text": "Hướng dẫn"}
    assert client_for(people["fed_a"]).post(hub(org["branch_a1"], program), post).status_code == 403
    assert (
        client_for(people["secretary_a1"]).post(hub(org["branch_a1"], program), post).status_code
        == 403
    )
    assert (
        client_for(people["standing"]).post(hub(org["branch_a1"], program), post).status_code == 302
    )
    # A supervisor of Liên chi đoàn A does not see Liên chi đoàn B's branches.
    assert client_for(supervisor).post(hub(org["branch_b1"], program), post).status_code == 404
    with pytest.raises(DomainError, match="Hãy viết nội dung hướng dẫn."):
        services.guidance_add(program=program, unit=org["branch_a1"], user=supervisor, text=" ")
