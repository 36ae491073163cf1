"""`manage.py create_accounts UNIT --by USER`: the same action from the command line."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from renluyen import factories
from renluyen.people.models import Member


def test_it_makes_the_unit_s_accounts_as_its_user(org, people):
    for _ in range(3):
        factories.member(branch=org["branch_a1"])
    people["office"].username = "vanphong"
    people["office"].save()
    out = StringIO()
    call_command("create_accounts", org["base"].code.lower(), by="vanphong", stdout=out)
    assert "3 accounts made" in out.getvalue()
    assert not Member.objects.filter(user__isnull=True).exists()


def test_it_refuses_someone_without_the_right(org, people):
    factories.member(branch=org["branch_b1"])
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("create_accounts", org["base"].code, by=people["fed_a"].username)
    with pytest.raises(CommandError, match="No unit"):
        call_command("create_accounts", "KHONG-CO", by=people["fed_a"].username)
