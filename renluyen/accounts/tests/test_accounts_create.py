"""Accounts for every member of a unit (issue 9 item 1): the service at 15,000 members."""

from django.contrib.auth import get_user_model
from django.db.models import Count

from renluyen import factories
from renluyen.accounts.services import accounts_create
from renluyen.accounts.tests.helpers import many_members
from renluyen.audit.models import Event
from renluyen.core.tests.helpers import count_queries
from renluyen.notifications.models import OutboxEmail
from renluyen.people.models import Member, MemberStatus

SCHOOL = 15_000


def test_15000_members_get_one_account_each_and_existing_accounts_are_kept(org, people):
    branches = [org["branch_a1"], org["branch_a2"], org["branch_b1"]]
    many_members(branches, SCHOOL)
    # Two members already have an account (one with a password they chose), one left.
    had = factories.user("da-co", password="Mật-khẩu-cũ-123")
    keeper = factories.member(branch=org["branch_a1"], code="CU0001", user=had)
    factories.member(branch=org["branch_b1"], code="CU0002", user=factories.user())
    factories.member(branch=org["branch_b1"], code="CU0003", status=MemberStatus.LEFT)
    password_before = had.password
    users_before = get_user_model().objects.count()

    result = []
    queries = count_queries(
        lambda: result.append(accounts_create(unit=org["base"], user=people["office"]))
    )
    result = result[0]

    assert (result.created, result.kept, result.inactive) == (SCHOOL, 2, 1)
    with_email = SCHOOL - len(range(0, SCHOOL, 3))
    assert (result.invited, result.without_email) == (with_email, SCHOOL - with_email)
    assert get_user_model().objects.count() == users_before + SCHOOL
    # Every active member has exactly one account, no account serves two members.
    assert not Member.objects.filter(status=MemberStatus.ACTIVE, user__isnull=True).exists()
    assert not Member.objects.values("user").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert Member.objects.get(code="CU0003").user is None
    keeper.refresh_from_db()
    had.refresh_from_db()
    assert keeper.user == had and had.password == password_before
    # A new account cannot be used before it is activated; its name is the member code.
    new = Member.objects.select_related("user").get(code="SV000001")
    assert new.user.username == "SV000001" and not new.user.has_usable_password()
    assert (new.user.last_name, new.user.first_name) == ("Nguyễn Văn Số", "1")
    # One invitation per member with an email, waiting in the outbox (none sent yet).
    assert OutboxEmail.objects.count() == with_email
    assert OutboxEmail.objects.filter(to="sv1@example.edu.vn", sent_at__isnull=True).exists()
    # Batches, never a query per member (SQLite takes about 90 accounts per INSERT).
    assert queries < SCHOOL / 40, queries
    event = Event.objects.get(verb="accounts.create")
    assert event.unit == org["base"] and event.data["created"] == SCHOOL

    again = accounts_create(unit=org["base"], user=people["office"])
    assert (again.created, again.kept, again.invited) == (0, SCHOOL + 2, 0)
    assert OutboxEmail.objects.count() == with_email


def test_a_member_code_already_taken_as_a_username_gets_a_unique_one(org, people):
    factories.user("SV000000")
    many_members([org["branch_a1"]], 2)
    accounts_create(unit=org["branch_a1"], user=people["secretary_a1"])
    names = set(Member.objects.values_list("user__username", flat=True))
    assert names == {"SV000000-2", "SV000001"}


def test_a_secretary_makes_the_accounts_of_their_branch_only(org, people):
    many_members([org["branch_a1"], org["branch_b1"]], 10)
    result = accounts_create(unit=org["branch_a1"], user=people["secretary_a1"])
    assert result.created == 5
    assert Member.objects.filter(branch=org["branch_b1"], user__isnull=True).count() == 5
