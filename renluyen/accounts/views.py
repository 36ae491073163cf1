"""Accounts pages: make a unit's accounts, print a branch's activation sheet, reissue one
member's code; and the public pages to activate with a code, accept an emailed invitation
and reset a forgotten password (every one throttled, accounts.throttle)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from renluyen.accounts import services, throttle
from renluyen.accounts.forms import ActivationForm, OutboxPasswordResetForm
from renluyen.accounts.tokens import invitation_tokens
from renluyen.core.access import get_member, get_unit
from renluyen.core.errors import DomainError
from renluyen.core.paging import paginate
from renluyen.core.policy import Action
from renluyen.organizations.models import Level, Unit
from renluyen.people.models import Member, MemberStatus

_ACTIVE = Q(status=MemberStatus.ACTIVE)


def _counts(members) -> dict:
    """Active members, with an account, activated, still to make (with and without an
    email), and members who left or were transferred: one query."""
    no_account = _ACTIVE & Q(user__isnull=True)
    return members.aggregate(
        active=Count("pk", filter=_ACTIVE),
        accounts=Count("pk", filter=_ACTIVE & Q(user__isnull=False)),
        activated=Count("pk", filter=_ACTIVE & ~services.not_activated()),
        to_make=Count("pk", filter=no_account),
        to_make_email=Count("pk", filter=no_account & ~Q(email="")),
        inactive=Count("pk", filter=~_ACTIVE),
    )


@login_required
def unit_accounts(request, pk: int):
    """The accounts of a unit's members; POST makes the missing ones (issue 9 item 1)."""
    unit = get_unit(request.user, pk, Action.MANAGE_ACCOUNTS)
    if request.method == "POST":
        try:
            result = services.accounts_create(unit=unit, user=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "%(created)s accounts made: %(invited)s invitations will be emailed, "
                    "%(without)s members have no email and need an activation code. "
                    "%(kept)s members already had an account."
                )
                % {
                    "created": result.created,
                    "invited": result.invited,
                    "without": result.without_email,
                    "kept": result.kept,
                },
            )
        return redirect("accounts:unit", unit.pk)
    members = Member.objects.filter(branch__path__startswith=unit.path)
    not_activated = _ACTIVE & services.not_activated()
    branches = (
        Unit.objects.subtree(unit)
        .filter(level=Level.BRANCH)
        .annotate(
            active=Count("members", filter=Q(members__status=MemberStatus.ACTIVE)),
            waiting=Count(
                "members",
                filter=Q(members__status=MemberStatus.ACTIVE)
                & (Q(members__user__isnull=True) | Q(members__user__password__startswith="!")),
            ),
            waiting_no_email=Count(
                "members",
                filter=Q(members__status=MemberStatus.ACTIVE, members__email="")
                & (Q(members__user__isnull=True) | Q(members__user__password__startswith="!")),
            ),
        )
        .order_by("path")
    )
    return render(
        request,
        "accounts/unit.html",
        {
            "unit": unit,
            "counts": _counts(members),
            "not_activated": members.filter(not_activated).count(),
            "page": paginate(request, branches),
        },
    )


@login_required
def activation_sheet(request, pk: int):
    """GET: what printing will do; POST: new codes for the branch, shown once on an A4
    sheet to print (only their hashes are kept)."""
    branch = get_unit(request.user, pk, Action.MANAGE_ACCOUNTS)
    if branch.level != Level.BRANCH:
        return redirect("accounts:unit", branch.pk)
    waiting = Member.objects.filter(branch=branch).filter(_ACTIVE & services.not_activated())
    if request.method != "POST":
        return render(
            request,
            "accounts/sheet_confirm.html",
            {
                "unit": branch,
                "no_email": waiting.filter(email="").count(),
                "with_email": waiting.exclude(email="").count(),
            },
        )
    with_email = request.POST.get("with_email") == "1"
    try:
        issued = services.activation_codes_issue(
            branch=branch, user=request.user, with_email=with_email
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:unit", branch.pk)
    return _shown_once(
        request,
        "accounts/sheet.html",
        {"unit": branch, "issued": issued, "organisation": services.base_union(branch)},
    )


@require_POST
@login_required
def member_code(request, pk: int):
    """A new activation code for one member, shown once."""
    member = get_member(request.user, pk, Action.MANAGE_ACCOUNTS)
    try:
        issued = services.activation_code_reissue(member=member, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("people:member_detail", member.pk)
    return _shown_once(request, "accounts/code.html", {"member": member, "issued": issued})


def _shown_once(request, template: str, context: dict):
    """A page with new codes on it: they exist nowhere else, so no cache keeps a copy."""
    context["activate_url"] = request.build_absolute_uri(reverse("accounts:activate"))
    context["until"] = services.code_expiry_day()
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- public pages


@sensitive_post_parameters("code", "password", "password2")
@never_cache
def activate(request):
    """First sign-in with a member code and the code from the sheet; sets the password."""
    if request.user.is_authenticated:
        return redirect("core:home")
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member_code = form.cleaned_data["member_code"].strip()
        if throttle.is_locked(request, member_code):
            return throttle.lockout_response(request, credentials={"username": member_code})
        try:
            account = services.account_activate(
                member_code=member_code,
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                password2=form.cleaned_data["password2"],
            )
        except services.CodeRefused as error:
            form.add_error(None, error.message)
            throttle.failed(request, member_code)
        except DomainError as error:
            form.add_error("password", error.message)
        else:
            login(request, account, backend="renluyen.accounts.backends.MemberBackend")
            messages.success(request, _("Your account is ready. Welcome!"))
            return redirect("core:home")
    return render(request, "accounts/activate.html", {"form": form})


class _ThrottledLink:
    """A reset or invitation link: a wrong or expired one counts as a failed sign-in of
    its account (and its address); a locked account or address gets the lockout page."""

    def dispatch(self, request, *args, **kwargs):
        user = self.get_user(kwargs.get("uidb64", ""))
        name = user.get_username() if user is not None else ""
        if throttle.is_locked(request, name):
            return throttle.lockout_response(request, credentials={"username": name})
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink:
            throttle.failed(request, name)
        return response


class InvitationView(_ThrottledLink, auth_views.PasswordResetConfirmView):
    """The emailed invitation: the member chooses a password and is signed in."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation.html"
    title = gettext_lazy("Choose your password")
    post_reset_login = True
    post_reset_login_backend = "renluyen.accounts.backends.MemberBackend"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        member = getattr(form.user, "member", None)
        if member is not None:
            services.record_activation(member=member, by="invitation")
        messages.success(self.request, _("Your account is ready. Welcome!"))
        return response


class ResetConfirmView(_ThrottledLink, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


@method_decorator(never_cache, name="dispatch")
class ResetView(auth_views.PasswordResetView):
    form_class = OutboxPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
