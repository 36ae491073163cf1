from django.contrib.auth import authenticate
from django.core.management import call_command

from renluyen.core import demo
from renluyen.organizations.models import Level, RoleAssignment, Unit
from renluyen.people.models import Member, MemberType
from renluyen.programs.models import Enrollment, Program


def test_the_demo_school_has_the_issues_shape(db):
    demo.load_demo()
    base = Unit.objects.get(level=Level.BASE)
    assert base.name == "Đoàn trường Đại học Kinh tế - ĐHQGHN"
    assert base.parent.name == "Đoàn ĐHQGHN"
    assert Unit.objects.filter(level=Level.FEDERATION).count() == 3
    assert Unit.objects.filter(level=Level.BRANCH).count() == 9
    assert Member.objects.count() == 300
    assert len(set(Member.objects.values_list("member_type", flat=True))) >= 3
    assert Enrollment.objects.filter(program=Program.objects.get()).count() == 300
    assert Member.objects.filter(member_type=MemberType.LECTURER).exists()


def test_every_demo_login_works_and_holds_its_role(db):
    demo.load_demo()
    for username, _name, role, unit_code in demo.ACCOUNTS:
        user = authenticate(username=username, password=demo.DEMO_PASSWORD)
        assert user is not None, username
        if role is None:
            assert user.member.branch.code == unit_code
        else:
            assert RoleAssignment.objects.filter(user=user, role=role, unit__code=unit_code)


def test_a_second_run_keeps_all_data(db, capsys):
    call_command("seed_demo")
    member = Member.objects.first()
    member.full_name = "Tên đã sửa"
    member.save()
    call_command("seed_demo")
    assert Member.objects.count() == 300
    member.refresh_from_db()
    assert member.full_name == "Tên đã sửa"
    out = capsys.readouterr().out
    assert "bithu" in out and demo.DEMO_PASSWORD in out
