"""Accounts for members (issue 9 item 1): one User per Member, made in bulk for a unit,
activated by an emailed one-time link or a printed one-time code.

- `accounts_create` gives every active member of a unit who has none an account with an
  unusable password, in batches inside one transaction, and queues an invitation for
  each one with an email (sent later by `manage.py send_outbox`, never by the request).
  A member keeps the account they have; Member.user is one-to-one, so no account serves
  two members, and the member rows are locked so two runs at once cannot both give one.
- `activation_codes_issue` prints the branch's sheet: a new code for each member of the
  branch whose account is not activated yet; earlier codes of those members stop working.
- `account_activate` checks a code and sets the member's first password.
Nobody sees another person's password: there is none to see until the member sets it.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from renluyen.accounts import codes
from renluyen.accounts.models import ActivationCode
from renluyen.accounts.tokens import invitation_tokens
from renluyen.audit.services import record
from renluyen.core.bulk import update_rows
from renluyen.core.errors import DomainError
from renluyen.core.policy import Action, may_in_unit
from renluyen.notifications.outbox import Email, queue_emails
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member, MemberStatus

BATCH = 1000
# Characters Django accepts in a username; anything else in a member code becomes "-".
_NOT_USERNAME = re.compile(r"[^\w.@+-]")


def not_activated() -> Q:
    """Members whose account is missing or was never given a password."""
    return Q(user__isnull=True) | Q(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)


# ---------------------------------------------------------------- signing in


def user_for_login(identifier: str):
    """The account someone means by what they typed on the sign-in form: a username, a
    member code (any case) or an email that belongs to exactly one account; or None."""
    User = get_user_model()
    text = (identifier or "").strip()
    if not text:
        return None
    user = User.objects.filter(username=text).first()
    if user is not None:
        return user
    member = Member.objects.filter(code__iexact=text, user__isnull=False).first()
    if member is not None:
        return User.objects.get(pk=member.user_id)
    if "@" in text:
        ids = set(
            Member.objects.filter(email__iexact=text, user__isnull=False).values_list(
                "user_id", flat=True
            )[:2]
        )
        ids |= set(User.objects.filter(email__iexact=text).values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            return User.objects.get(pk=ids.pop())
    return None


def member_for_code(member_code: str) -> Member | None:
    text = (member_code or "").strip()
    if not text:
        return None
    return Member.objects.select_related("user").filter(code__iexact=text).first()


# ---------------------------------------------------------------- accounts in bulk


@dataclass
class AccountsResult:
    created: int = 0  # new accounts
    kept: int = 0  # active members who already had one
    invited: int = 0  # invitations queued (new accounts with an email)
    without_email: int = 0  # new accounts to activate with a printed code
    inactive: int = 0  # members who left or were transferred: no account made


def _check(user, unit: Unit) -> None:
    if not may_in_unit(user, Action.MANAGE_ACCOUNTS, unit):
        raise DomainError(_("You may not manage the accounts of %(unit)s.") % {"unit": unit.name})


def _username_for(code: str, taken: set[str]) -> str:
    base = _NOT_USERNAME.sub("-", code)[:140] or "member"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name.lower())
    return name


def _split_name(full_name: str) -> tuple[str, str]:
    """(given name, family and middle names): Vietnamese names end with the given name."""
    family, _sep, given = full_name.strip().rpartition(" ")
    return given[:150], family[:150]


def _new_users(members: list[Member]) -> list:
    """Unsaved accounts for `members`, one each, named after the member code (made unique
    where another account already has that name)."""
    User = get_user_model()
    wanted = sorted({_NOT_USERNAME.sub("-", m.code)[:140] for m in members})
    taken: set[str] = set()
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        names = User.objects.filter(username__in=chunk).values_list("username", flat=True)
        taken |= {name.lower() for name in names}
    users = []
    for member in members:
        given, family = _split_name(member.full_name)
        users.append(
            User(
                username=_username_for(member.code, taken),
                first_name=given,
                last_name=family,
                email=member.email,
                password=make_password(None),
            )
        )
    return users


def base_union(unit: Unit) -> Unit:
    return unit.ancestors().filter(level=Level.BASE).last() or unit


def _invitation(member: Member, account, organisation: str, until, path: str) -> Email:
    uid = urlsafe_base64_encode(str(account.pk).encode())
    link = path.replace("UID", uid).replace("TOKEN", invitation_tokens.make_token(account))
    body = _(
        "Dear %(name)s,\n\n"
        "An account was made for you in the member training system of %(organisation)s. "
        "You sign in with your member code %(code)s or with this email address.\n\n"
        "Choose your password with this link. It works once, until %(until)s:\n%(link)s\n\n"
        "If the link no longer works, ask your branch committee for an activation code or "
        "use “Forgot your password?” on the sign-in page.\n"
    ) % {
        "name": member.full_name,
        "organisation": organisation,
        "code": member.code,
        "until": until,
        "link": link,
    }
    return Email(
        to=member.email,
        subject=_("Your account for the member training program"),
        body=body,
        key=f"invitation-{account.pk}-{account.password[-12:]}",
    )


def _invitations(pairs, organisation: str) -> list[Email]:
    """Invitations in the members' language (Vietnamese), whoever triggered them."""
    until_day = timezone.localdate() + timedelta(days=settings.ACCOUNT_INVITATION_DAYS)
    # The link's path once, its two parts filled in per member (reverse() is slow).
    path = settings.SITE_URL.rstrip("/") + reverse("accounts:invitation", args=["UID", "TOKEN"])
    with translation.override(settings.LANGUAGE_CODE):
        until = date_format(until_day, "SHORT_DATE_FORMAT")
        return [
            _invitation(m, account, organisation, until, path) for m, account in pairs if m.email
        ]


@transaction.atomic
def accounts_create(*, unit: Unit, user) -> AccountsResult:
    """An account for every active member of `unit` (and the units below it) who has none
    (issue 9 item 1); invitations queued for those with an email. Existing accounts are
    kept. A fixed number of queries per thousand members."""
    _check(user, unit)
    in_unit = Member.objects.filter(branch__path__startswith=unit.path)
    result = AccountsResult(
        kept=in_unit.filter(status=MemberStatus.ACTIVE, user__isnull=False).count(),
        inactive=in_unit.exclude(status=MemberStatus.ACTIVE).filter(user__isnull=True).count(),
    )
    # Locked, so a second run at the same time waits and then finds them done.
    members = list(
        in_unit.filter(status=MemberStatus.ACTIVE, user__isnull=True)
        .select_for_update(of=("self",))
        .only("pk", "code", "full_name", "email")
        .order_by("pk")
    )
    organisation = base_union(unit).name
    emails: list[Email] = []
    for start in range(0, len(members), BATCH):
        batch = members[start : start + BATCH]
        accounts = _new_users(batch)
        get_user_model().objects.bulk_create(accounts)
        if any(account.pk is None for account in accounts):  # databases that return no ids
            ids = dict(
                get_user_model()
                .objects.filter(username__in=[a.username for a in accounts])
                .values_list("username", "pk")
            )
            for account in accounts:
                account.pk = ids[account.username]
        for member, account in zip(batch, accounts, strict=True):
            member.user_id = account.pk
        update_rows(Member, batch, ["user"])
        emails += _invitations(zip(batch, accounts, strict=True), organisation)
    queue_emails(emails)
    result.created = len(members)
    result.invited = len(emails)
    result.without_email = result.created - result.invited
    record(
        actor=user,
        verb="accounts.create",
        obj=unit,
        unit=unit,
        created=result.created,
        kept=result.kept,
        invited=result.invited,
        without_email=result.without_email,
    )
    return result


@transaction.atomic
def account_for_member(*, member: Member, user):
    """The member's account, made (and the invitation queued) if they have none yet."""
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.user_id is not None:
        return get_user_model().objects.get(pk=locked.user_id)
    if locked.status != MemberStatus.ACTIVE:
        raise DomainError(
            _("%(name)s is no longer an active member of the Union here.")
            % {"name": locked.full_name}
        )
    (account,) = _new_users([locked])
    account.save()
    locked.user = account
    locked.save(update_fields=["user"])
    member.user = account
    queue_emails(_invitations([(locked, account)], base_union(locked.branch).name))
    record(
        actor=user,
        verb="accounts.create_one",
        obj=locked,
        unit=locked.branch,
        account=account.username,
        invited=bool(locked.email),
    )
    return account


# ---------------------------------------------------------------- activation codes


@dataclass
class Issued:
    member: Member
    code: str  # as printed, e.g. "K7PM-3QXD"


def _expiry():
    return timezone.now() + timedelta(days=settings.ACTIVATION_CODE_DAYS)


def code_expiry_day() -> str:
    """The last day a code issued now works, as printed on the sheet."""
    return date_format(timezone.localtime(_expiry()).date(), "SHORT_DATE_FORMAT")


def _issue(members: list[Member], user, now) -> list[Issued]:
    """New codes for `members`; their earlier unused codes stop working."""
    ids = [m.pk for m in members]
    for start in range(0, len(ids), 900):
        ActivationCode.objects.filter(
            member_id__in=ids[start : start + 900], used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
    issued, rows = [], []
    expires_at = _expiry()
    for member in members:
        code = codes.new_code()
        rows.append(
            ActivationCode(
                member=member,
                code_hash=codes.code_hash(member.pk, code),
                issued_by=user if user.is_authenticated else None,
                expires_at=expires_at,
            )
        )
        issued.append(Issued(member, codes.shown(code)))
    ActivationCode.objects.bulk_create(rows, batch_size=BATCH)
    return issued


@transaction.atomic
def activation_codes_issue(*, branch: Unit, user, with_email: bool = False) -> list[Issued]:
    """The branch's sheet (issue 9 item 1): a code for each active member of `branch`
    whose account is not activated yet (by default only those without an email, who get
    no invitation). Members without an account get one first."""
    _check(user, branch)
    if branch.level != Level.BRANCH:
        raise DomainError(_("Activation sheets are printed for one branch."))
    accounts_create(unit=branch, user=user)
    members = Member.objects.filter(branch=branch, status=MemberStatus.ACTIVE).filter(
        not_activated()
    )
    if not with_email:
        members = members.filter(email="")
    members = list(members.select_for_update(of=("self",)).order_by("full_name", "code"))
    issued = _issue(members, user, timezone.now())
    record(
        actor=user,
        verb="accounts.codes",
        obj=branch,
        unit=branch,
        codes=len(issued),
        with_email=with_email,
    )
    return issued


@transaction.atomic
def activation_code_reissue(*, member: Member, user) -> Issued:
    """A new code for one member (lost sheet, expired code, or an invitation that never
    arrived); it also lets a member who forgot a password set a new one."""
    _check(user, member.branch)
    if member.status != MemberStatus.ACTIVE:
        raise DomainError(
            _("%(name)s is no longer an active member of the Union here.")
            % {"name": member.full_name}
        )
    account_for_member(member=member, user=user)
    (issued,) = _issue([member], user, timezone.now())
    record(actor=user, verb="accounts.code_reissue", obj=member, unit=member.branch)
    return issued


class CodeRefused(DomainError):
    """A wrong, used, revoked or expired code (counted by the sign-in throttling)."""


def _refused() -> CodeRefused:
    # One message for every wrong case: it must not tell a guesser which part was right.
    return CodeRefused(
        _(
            "This member code and activation code do not match a valid code. Check both; "
            "a code works once and expires. Your branch committee can give you a new one."
        )
    )


def record_activation(*, member: Member, by: str) -> None:
    record(actor=member.user, verb="accounts.activate", obj=member, unit=member.branch, by=by)


@transaction.atomic
def account_activate(*, member_code: str, code: str, password: str, password2: str):
    """Set the first password of the member's account with a one-time code. Returns the
    account. The code is locked while it is used, so it works once even when sent twice
    at the same moment."""
    member = member_for_code(member_code)
    if member is None or not codes.normalized(code):
        raise _refused()
    now = timezone.now()
    candidates = list(
        ActivationCode.objects.select_for_update()
        .filter(member=member, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        .order_by("-created_at")
    )
    found = next((c for c in candidates if codes.matches(member.pk, code, c.code_hash)), None)
    if found is None or member.user_id is None or member.status != MemberStatus.ACTIVE:
        raise _refused()
    account = get_user_model().objects.select_for_update().get(pk=member.user_id)
    if password != password2:
        raise DomainError(_("The two passwords differ."))
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise DomainError(error.messages[0], problems=error.messages) from error
    account.set_password(password)
    account.is_active = True
    account.save(update_fields=["password", "is_active"])
    found.used_at = now
    found.save(update_fields=["used_at"])
    member.user = account
    record_activation(member=member, by="code")
    return account
