"""Shared by the accounts tests: members in bulk, links from the outbox."""

import re

from django.core import mail
from django.core.management import call_command

from renluyen.people.models import Member, MemberStatus, MemberType
from renluyen.people.search import member_search_text

PASSWORD = "Mật-khẩu-mới-2026"


def many_members(branches, count: int, *, prefix="SV", email_every=3) -> list[Member]:
    """`count` members spread over `branches`; every `email_every`-th has no email."""
    members = []
    for i in range(count):
        member = Member(
            code=f"{prefix}{i:06d}",
            full_name=f"Nguyễn Văn Số {i}",
            member_type=MemberType.STUDENT,
            email="" if i % email_every == 0 else f"{prefix.lower()}{i}@example.edu.vn",
            branch=branches[i % len(branches)],
            status=MemberStatus.ACTIVE,
        )
        member.search_text = member_search_text(member)
        members.append(member)
    return Member.objects.bulk_create(members, batch_size=1000)


def send_and_read() -> list:
    """Run the outbox command as cron would and return the emails it sent."""
    mail.outbox = []
    call_command("send_outbox", verbosity=0)
    return list(mail.outbox)


def link_in(body: str) -> str:
    """The path of the first link to this site in an email's body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)
