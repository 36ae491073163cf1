"""The overview of a federation or base Union reads its figures from the stored
per-branch figures: after every step of a form, the page shows what a count of the raw
rows says, at once (each service refreshes them in its own transaction)."""

import re

import pytest

from renluyen import factories
from renluyen.programs.models import Enrollment
from renluyen.registrations import figures
from renluyen.registrations import services as forms
from renluyen.registrations.transitions import CONFIRMED_STATES

# The overview's columns, in order.
KEYS = list(figures.COLUMNS)


def counted(program, unit) -> list[int]:
    """The overview's columns counted from the raw rows (what the page showed before it
    read the stored figures)."""
    enrollments = Enrollment.objects.filter(program=program, branch__path__startswith=unit.path)
    states = figures.state_counts(enrollments)
    counts = {
        "enrolled": sum(states.values()),
        "not_registered": states["none"],
        "draft": states["draft"],
        "awaiting": states["submitted"],
        "returned": states["returned"],
        "confirmed": sum(states[s] for s in CONFIRMED_STATES),
        "additions": states["supplement_submitted"],
    }
    return [counts[key] for key in KEYS]


def shown(client, unit, program) -> tuple[list[int], list[int]]:
    """The page's total and its first branch row."""
    html = client.get(f"/registrations/unit/{unit.pk}/", {"program": program.pk}).content
    html = html.decode()
    foot = re.search(r"<tfoot>.*?</tfoot>", html, re.S).group(0)
    first = re.search(r"<tbody>.*?</tr>", html, re.S).group(0)

    def numbers(part):
        return [int(n) for n in re.findall(r'<td class="num"[^>]*>(\d+)</td>', part)]

    return numbers(foot), numbers(first)


@pytest.fixture
def member(org, program):
    """A member of A1 with an account, enrolled; another in A1 who never registers."""
    factories.enroll(program, factories.member(branch=org["branch_a1"]))
    person = factories.member(branch=org["branch_a1"], user=factories.user())
    return factories.enroll(program, person)


def test_every_step_of_a_form_shows_on_the_overview_at_once(client, org, people, program, member):
    user, secretary = member.member.user, people["secretary_a1"]
    client.force_login(people["fed_a"])

    def same(step: str, expected: dict):
        total, first_row = shown(client, org["fed_a"], program)
        assert total == counted(program, org["fed_a"]), step
        # The first branch is A1, where both members are.
        assert first_row == total, step
        for key, n in expected.items():
            assert total[KEYS.index(key)] == n, (step, key)

    same("enrolled", {"enrolled": 2, "not_registered": 2})
    drafts = factories.drafts(program)
    reg = forms.registration_save(enrollment=member, user=user, drafts=drafts)
    same("first save", {"not_registered": 1, "draft": 1})
    reg = forms.registration_submit(registration=reg, user=user)
    same("submitted", {"draft": 0, "awaiting": 1})
    reg = forms.registration_withdraw(registration=reg, user=user)
    same("withdrawn", {"draft": 1, "awaiting": 0})
    reg = forms.registration_submit(registration=reg, user=user)
    reg = forms.registration_return(registration=reg, user=secretary, general="Viết rõ hơn.")
    same("returned", {"awaiting": 0, "returned": 1})
    reg = forms.registration_submit(registration=reg, user=user)
    reg = forms.registration_confirm(registration=reg, user=secretary)
    same("confirmed", {"returned": 0, "confirmed": 1})
    reg = forms.registration_start_supplement(registration=reg, user=user)
    same("addition started", {"confirmed": 1, "additions": 0})
    extra = factories.drafts(program, per_area=3)
    reg = forms.registration_save(enrollment=member, user=user, drafts=extra)
    reg = forms.registration_submit(registration=reg, user=user)
    same("addition submitted", {"confirmed": 1, "additions": 1})
    reg = forms.registration_withdraw(registration=reg, user=user)
    same("addition withdrawn", {"additions": 0})
    reg = forms.registration_submit(registration=reg, user=user)
    reg = forms.registration_return(registration=reg, user=secretary, general="Chưa cần.")
    same("addition returned", {"additions": 0, "confirmed": 1})
    forms.registration_cancel_supplement(registration=reg, user=user)
    same("addition cancelled", {"confirmed": 1, "not_registered": 1})


def test_the_total_counts_every_branch_and_sub_branch_under_the_unit(org, people, program):
    from renluyen.organizations.models import Level

    sub = factories.unit(level=Level.SUBBRANCH, parent=org["branch_b1"])
    factories.registration(
        factories.enroll(program, factories.member(branch=sub, user=factories.user())),
        submit=True,
    )
    factories.enroll(program, factories.member(branch=org["branch_a2"]))
    total = figures.total_figures(program, org["base"])
    assert [total.counts[key] for key in KEYS] == counted(program, org["base"])
    assert total.counts["enrolled"] == 2 and total.counts["awaiting"] == 1
    rows = {r.branch.pk: r.counts for r in figures.branch_figures(program, [org["branch_b1"]])}
    assert rows[org["branch_b1"].pk]["awaiting"] == 1
