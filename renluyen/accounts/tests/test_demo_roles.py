"""The demo true to life (issue 9 item 3): the CD-1 committee are members with forms of
their own, reviewed by the rest of the committee, never by themselves; the upper-level
Union's officer sees the school read-only."""

from django.test import Client, TestCase, override_settings

from renluyen.core import demo
from renluyen.core.policy import Action, can
from renluyen.organizations.models import Role, RoleAssignment, Unit
from renluyen.programs.models import Enrollment, Program
from renluyen.registrations.models import State


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoRolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load_demo(evaluation_year=False)
        cls.program = Program.objects.get(school_year=demo.current_school_year())

    def _own(self, username):
        return Enrollment.objects.select_related("registration", "member__user", "branch").get(
            program=self.program, member__user__username=username
        )

    def test_the_committee_are_members_of_cd1_with_their_own_forms(self):
        states = {
            name: self._own(name).registration.state for name in ("bithu", "phobithu", "uyvien")
        }
        assert states == {
            "bithu": State.SUBMITTED,
            "phobithu": State.CONFIRMED,
            "uyvien": State.DRAFT,
        }
        assert {self._own(n).branch.code for n in states} == {"CD-1"}

    def test_the_secretary_s_form_is_reviewed_by_the_rest_of_the_committee(self):
        form = self._own("bithu")
        bithu, phobithu = form.member.user, self._own("phobithu").member.user
        assert not can(bithu, Action.REVIEW_REGISTRATION, form)
        assert can(bithu, Action.EDIT_REGISTRATION, form)
        assert can(phobithu, Action.REVIEW_REGISTRATION, form)
        client = Client()
        client.force_login(bithu)
        # Her review page sends her to her own form, which she cannot confirm.
        assert client.get(f"/registrations/{form.pk}/review/")["Location"] == (
            f"/registrations/{form.pk}/"
        )
        client.force_login(phobithu)
        assert client.get(f"/registrations/{form.pk}/review/").status_code == 200

    def test_the_upper_level_officer_sees_the_school_read_only(self):
        assignment = RoleAssignment.objects.get(user__username="doancaptren")
        assert (assignment.role, assignment.unit.code) == (Role.UPPER_LEVEL, "DHQGHN")
        client = Client()
        client.force_login(assignment.user)
        base, cd1 = Unit.objects.get(code="DHKT"), Unit.objects.get(code="CD-1")
        assert "Đoàn ĐHQGHN" in client.get("/").content.decode()
        assert client.get(f"/units/{base.pk}/").status_code == 200
        assert client.get(f"/units/{cd1.pk}/").status_code == 200
        assert client.get(f"/accounts/units/{base.pk}/").status_code == 403
        assert client.get(f"/imports/?unit={base.pk}").status_code == 403
        assert "Giao vai trò" not in client.get(f"/units/{cd1.pk}/").content.decode()
