"""The branch committee's list of its members' forms (IV.1 Step 1), and the figures of
every branch under a federation or base Union, which see them read-only."""

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from renluyen.activities.models import Activity
from renluyen.core.access import get_unit
from renluyen.core.ids import parse_ids, parse_version, pk_url
from renluyen.core.paging import paginate
from renluyen.core.policy import Action, can, own_member, visible_programs
from renluyen.organizations.models import Level, Unit
from renluyen.people.search import search_terms
from renluyen.programs.models import Criterion, Enrollment, ProgramStatus
from renluyen.registrations import figures, rules, services
from renluyen.registrations.models import NOT_REGISTERED, Item, Registration, State
from renluyen.registrations.transitions import AWAITING_REVIEW

# A branch's page lists the members of the branch and of its sub-branches.
BRANCH_LEVELS = {Level.BRANCH, Level.SUBBRANCH}


def program_choice(request, unit, prefer=None):
    """The programs concerning `unit` that the user may see (run by a unit above it, or
    below it), and the one to show: ?program= (404 when not among them), else the newest
    open one with members here that also satisfies `prefer` (e.g. evaluation started),
    else the newest open one with members here, else the newest with members, else the
    newest."""
    here = Enrollment.objects.filter(program=OuterRef("pk"), branch__path__startswith=unit.path)
    programs = list(
        visible_programs(request.user)
        .filter(Q(unit__path__in=unit.ancestor_paths()) | Q(unit__path__startswith=unit.path))
        .select_related("unit")
        .annotate(has_members=Exists(here))
        .order_by("-school_year", "name")
    )
    picked = request.GET.get("program", "")
    if picked:
        chosen = next((p for p in programs if str(p.pk) == picked), None)
        if chosen is None:
            raise Http404
        return programs, chosen
    for wanted in (
        lambda p: p.has_members and p.status == ProgramStatus.OPEN and (prefer or bool)(p),
        lambda p: p.has_members and p.status == ProgramStatus.OPEN,
        lambda p: p.has_members,
        lambda p: True,
    ):
        chosen = next((p for p in programs if wanted(p)), None)
        if chosen is not None:
            return programs, chosen
    return programs, None


def program_context(programs, program) -> dict:
    # Above a base Union, programs of several base Unions are offered: name their unit.
    several_units = len({p.unit_id for p in programs}) > 1
    return {"programs": programs, "program": program, "several_units": several_units}


def _same_page_elsewhere(name: str, unit: Unit, request):
    url = reverse(f"registrations:{name}", args=[unit.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_http_methods(["GET", "POST"])
@login_required
def branch(request, unit):
    unit = get_unit(request.user, unit, Action.VIEW_REGISTRATION)
    if unit.level not in BRANCH_LEVELS:
        return _same_page_elsewhere("overview", unit, request)
    reviewer = can(request.user, Action.REVIEW_REGISTRATION, unit)
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        return _confirm_selected(request, unit)
    programs, program = program_choice(request, unit)
    context = {**program_context(programs, program), "unit": unit, "reviewer": reviewer}
    if program is None:
        return render(request, "registrations/branch.html", context)
    prefetch_related_objects([program], "areas")
    enrollments = Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
    counts = figures.state_counts(enrollments)
    state = request.GET.get("state", "")
    if state == NOT_REGISTERED:
        enrollments = enrollments.filter(registration__isnull=True)
    elif state in State.values:
        enrollments = enrollments.filter(registration__state=state)
    else:
        state = ""
    q = request.GET.get("q", "").strip()
    for term in search_terms(q):
        enrollments = enrollments.filter(member__search_text__contains=term)
    page = paginate(
        request,
        enrollments.select_related("member", "branch", "registration").order_by(
            "member__full_name", "member__code"
        ),
    )
    rows = _rows_for(page, program, request.user, reviewer)
    context.update(
        counts=[(key, figures.STATE_LABELS[key], n) for key, n in counts.items()],
        enrolled=sum(counts.values()),
        state=state,
        q=q,
        page=page,
        rows=rows,
        any_reviewable=any(row["reviewable"] for row in rows),
    )
    return render(request, "registrations/branch.html", context)


# What the list reads of the items of the page's forms: the figures of every form, and
# what the rules check of those awaiting review (see _rule_items).
_ITEM_FIELDS = (
    "registration_id",
    "pk",
    "area_id",
    "kind",
    "criterion_id",
    "activity_id",
    "text",
    "solution",
    "criterion__code",
    "criterion__member_type",
    "activity__title",
)


def _rows_for(page, program, user, reviewer: bool) -> list[dict]:
    """The page's rows as the template shows them, checked in Python on the items read in
    one query as values (a page of 50 forms has some 500 items: as model instances with
    their area, criterion and activity they were most of the page's time)."""
    own = own_member(user)
    enrollments = list(page)
    registrations = [e.registration for e in enrollments if _registration(e) is not None]
    items = defaultdict(list)
    for values in (
        Item.objects.filter(registration__in=registrations).order_by().values_list(*_ITEM_FIELDS)
    ):
        items[values[0]].append(values)
    labels = {key: str(label) for key, label in figures.STATE_LABELS.items()}
    review_url = pk_url("registrations:review")
    paper_url = pk_url("registrations:paper")
    day, figures_text = _memo(_day), _memo(_criteria_text)
    texts = RowLabels.now()
    area_count = len(program.areas.all())
    rows = []
    for enrollment in enrollments:
        enrollment.program = program
        registration = _registration(enrollment)
        state = registration.state if registration else None
        mine = items[registration.pk] if registration else []
        problems = None
        if state in AWAITING_REVIEW:
            problems = rules.check(program, enrollment.member, _rule_items(mine))
        # Nobody reviews their own form, even as the secretary.
        may_act = reviewer and not (own is not None and own.pk == enrollment.member_id)
        member = enrollment.member
        rows.append(
            {
                "pk": enrollment.pk,
                "name": member.full_name,
                "code": member.code,
                "url": review_url(enrollment.pk),
                "state": state or NOT_REGISTERED,
                "state_label": labels[state or NOT_REGISTERED],
                "registration": registration,
                "criteria": figures_text(len(mine), len({v[2] for v in mine}), area_count)
                if registration
                else "",
                "submitted": day(_local_day(registration.submitted_at)) if registration else "",
                "problems": problems,
                "reviewable": may_act and state in AWAITING_REVIEW,
                "paper_url": paper_url(enrollment.pk)
                if reviewer and services.paper_entry_open(user, enrollment, state)
                else "",
            }
        )
    for row in rows:
        row["html"] = _row_html(row, reviewer, texts)
    return rows


@dataclass(frozen=True)
class RowLabels:
    """The rows' fixed texts, translated once per request (escaped, as {% translate %}
    wrote them)."""

    code: str
    state: str
    criteria: str
    submitted: str
    check: str
    paper: str
    meets: str
    review: str
    view: str
    paper_entry: str

    @classmethod
    def now(cls) -> "RowLabels":
        # Literal msgids, for makemessages.
        texts = (
            _("Member code"),
            _("State"),
            _("Criteria"),
            _("Submitted"),
            _("Rule check"),
            _("paper"),
            _("Meets the requirements"),
            _("Review and decide"),
            _("View the form"),
            _("Enter the paper form"),
        )
        return cls(*(escape(text) for text in texts))


def _row_html(row: dict, reviewer: bool, t: RowLabels) -> str:
    """One form's table row, written here rather than in the template: the template
    engine spent more on a list's 50 rows than the rest of the page (issue 14). The
    markup is what registrations/branch.html had; the page snapshots hold it to the
    byte. html.escape is Django's escaping; translations are unescaped where
    {% blocktranslate %} left them so."""
    pk, registration, problems = row["pk"], row["registration"], row["problems"]
    pick = ""
    if reviewer and row["reviewable"]:
        valid = "" if problems else " data-valid"
        name = _("Select %(name)s") % {"name": escape(row["name"])}
        pick = (
            f'<input type="checkbox" name="enrollment" value="{pk}" form="confirm-many"'
            f' aria-label="{name}"{valid}><input type="hidden" name="version-{pk}"'
            f' value="{registration.version}" form="confirm-many"> '
        )
    elif reviewer:
        pick = '<span class="no-box" aria-hidden="true"></span>'
    paper = (
        f' <span class="badge">{t.paper}</span>' if registration and registration.on_paper else ""
    )
    if problems is None:
        check = "—"
    elif problems:
        n = len(problems)
        summary = ngettext(
            "Does not meet the requirements (%(n)s problem)",
            "Does not meet the requirements (%(n)s problems)",
            n,
        ) % {"n": n}
        items = "".join(f"<li>{escape(p.message)}</li>" for p in problems)
        check = (
            f'<details class="problems"><summary class="error">{summary}</summary>'
            f"<ul>{items}</ul></details>"
        )
    else:
        check = f'<span class="ok">{t.meets}</span>'
    url = escape(row["url"])
    actions = f'<a href="{url}">{t.review if row["reviewable"] else t.view}</a>'
    if row["paper_url"]:
        actions += f' · <a href="{escape(row["paper_url"])}">{t.paper_entry}</a>'
    return mark_safe(
        f'\n<tr class="state-{row["state"]}">\n'
        f'  <td>{pick}<a href="{url}">{escape(row["name"])}</a></td>\n'
        f'  <td data-label="{t.code}">{escape(row["code"])}</td>\n'
        f'  <td data-label="{t.state}"><span class="badge state">{escape(row["state_label"])}'
        f"</span>{paper}</td>\n"
        f'  <td data-label="{t.criteria}">{row["criteria"] or "—"}</td>\n'
        f'  <td data-label="{t.submitted}">{escape(row["submitted"]) or "—"}</td>\n'
        f'  <td data-label="{t.check}">{check}</td>\n'
        f'  <td class="actions">{actions}</td>\n'
        "</tr>\n\n"
    )


def _memo(function):
    """`function` computed once per distinct arguments (for one request: the texts are in
    its language). A list of 50 forms has a few distinct days and counts."""
    done = {}

    def once(*args):
        if args not in done:
            done[args] = function(*args)
        return done[args]

    return once


def _local_day(moment):
    return template_localtime(moment).date() if moment else None


def _day(day) -> str:
    """As the template's `|date:"SHORT_DATE_FORMAT"` showed the moment (a date format: the
    local day is all it shows), or ""."""
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _criteria_text(items: int, covered: int, areas: int) -> str:
    """ "12 criteria · 5/5 areas", as the template's {% blocktranslate %} wrote it (the
    translations unescaped, the numbers plain)."""
    return mark_safe(
        ngettext("%(n)s criterion", "%(n)s criteria", items) % {"n": items}
        + " · "
        + _("%(covered)s/%(total)s areas") % {"covered": covered, "total": areas}
    )


def _registration(enrollment) -> Registration | None:
    return getattr(enrollment, "registration", None)


def _rule_items(values: list[tuple]) -> list[Item]:
    """A form's items as `rules.check` reads them, in the form's order, from their values
    (_ITEM_FIELDS): the rules work on anything shaped like an Item, saved or not."""
    items = []
    for (
        _registration_id, pk, area_id, kind, criterion_id, activity_id, text, solution,
        code, member_type, title,
    ) in values:  # fmt: skip
        item = Item(
            pk=pk,
            area_id=area_id,
            kind=kind,
            criterion_id=criterion_id,
            activity_id=activity_id,
            text=text,
            solution=solution,
        )
        if criterion_id is not None:
            item.criterion = Criterion(
                pk=criterion_id, area_id=area_id, code=code, member_type=member_type
            )
        if activity_id is not None:
            item.activity = Activity(pk=activity_id, title=title)
        items.append(item)
    return items


def _confirm_selected(request, unit):
    """Bulk confirmation (IV.1 Step 1): each selected form is confirmed on its own and
    recorded one by one; those that fail the rules are named with the reasons."""
    picked = parse_ids(request.POST.getlist("enrollment"))
    selected = [
        registration
        for registration in Registration.objects.filter(
            enrollment__pk__in=picked, enrollment__branch__path__startswith=unit.path
        )
        .select_related("enrollment__member", "enrollment__branch")
        .order_by("enrollment__member__full_name", "enrollment__member__code")
        if can(request.user, Action.REVIEW_REGISTRATION, registration.enrollment)
    ]
    if not selected:
        messages.error(request, _("Select the forms to confirm."))
        return redirect(request.get_full_path())
    # The version of each form as the list showed it: a form changed since is skipped.
    versions = {
        registration.pk: parse_version(request.POST.get(f"version-{registration.enrollment_id}"))
        for registration in selected
    }
    confirmed, skipped = services.registrations_confirm_many(
        registrations=selected, user=request.user, versions=versions
    )
    if confirmed:
        messages.success(
            request,
            ngettext("Confirmed %(n)d form.", "Confirmed %(n)d forms.", len(confirmed))
            % {"n": len(confirmed)},
        )
    failing = [skip for skip in skipped if not skip.changed]
    changed = [skip for skip in skipped if skip.changed]
    if failing:
        messages.warning(
            request,
            ngettext(
                "Skipped %(n)d form that does not meet the requirements:",
                "Skipped %(n)d forms that do not meet the requirements:",
                len(failing),
            )
            % {"n": len(failing)},
        )
        _name_skipped(request, failing)
    if changed:
        # Not "does not meet the requirements": say what happened and who did it.
        messages.warning(
            request,
            ngettext(
                "Skipped %(n)d form that changed since the list was shown:",
                "Skipped %(n)d forms that changed since the list was shown:",
                len(changed),
            )
            % {"n": len(changed)},
        )
        _name_skipped(request, changed)
    return redirect(request.get_full_path())


def _name_skipped(request, skipped) -> None:
    for skip in skipped:
        member = skip.registration.enrollment.member
        messages.warning(
            request,
            _("%(name)s (%(code)s): %(reasons)s")
            % {"name": member.full_name, "code": member.code, "reasons": " ".join(skip.reasons)},
        )


@login_required
def overview(request, unit):
    """Registration figures of every branch under a federation, base or upper Union:
    50 branches a page and the total, from the stored per-branch figures (one query
    each, their rows number the branches)."""
    unit = get_unit(request.user, unit, Action.VIEW_REGISTRATION)
    if unit.level in BRANCH_LEVELS:
        return _same_page_elsewhere("branch", unit, request)
    programs, program = program_choice(request, unit)
    page = paginate(request, Unit.objects.subtree(unit).branches().select_related("parent"))
    context = {**program_context(programs, program), "unit": unit, "page": page}
    if program is not None:
        rows = figures.branch_figures(program, list(page))
        total = figures.total_figures(program, unit)
        labels = figures.column_labels()
        for row in [*rows, total]:
            row.html = row.cells_html(labels)
        context.update(columns=list(figures.COLUMNS.values()), rows=rows, total=total)
    return render(request, "registrations/overview.html", context)
