"""The authorization matrix: every role, in a tree where its unit has a child, a sibling and
a parent, with one member in every unit. Built by the `matrix` fixture (root conftest.py).

A role reaches its own unit and everything below it, never a sibling or a parent
(DOMAIN.md "Organisation tree"); the tests in core, organizations and people check every
view against `ROLES` x `TARGETS`.
"""

from types import SimpleNamespace

from renluyen import factories
from renluyen.organizations.models import Level, Role

# Where each role sits, and which unit is its own, its child, its sibling
# and its parent. A role reaches its own unit and the child; never the sibling or parent.
ROLES = {
    # role key: (role, unit the role is held in)
    "branch_secretary": (Role.BRANCH_SECRETARY, "branch_a1"),
    "branch_deputy": (Role.BRANCH_DEPUTY, "branch_a1"),
    "branch_committee": (Role.BRANCH_COMMITTEE, "branch_a1"),
    "federation_committee": (Role.FEDERATION_COMMITTEE, "fed_a"),
    "supervisor": (Role.SUPERVISOR, "fed_a"),
    "standing_committee": (Role.STANDING_COMMITTEE, "base"),
    "office": (Role.OFFICE, "base"),
    "inspection": (Role.INSPECTION, "base"),
    # A plain member holds no role; their own unit is their branch.
    "member": (None, "branch_a1"),
}
RELATIVES = {
    "branch_a1": {"own": "branch_a1", "child": "sub_a1", "sibling": "branch_a2", "parent": "fed_a"},
    "fed_a": {"own": "fed_a", "child": "branch_a1", "sibling": "fed_b", "parent": "base"},
    "base": {"own": "base", "child": "fed_a", "sibling": "base_2", "parent": "upper"},
}
TARGETS = ["own", "child", "sibling", "parent"]
# Every unit each role may see, written out rather than computed like the policy does.
REACH = {
    "branch_a1": {"branch_a1", "sub_a1"},
    "fed_a": {"fed_a", "branch_a1", "sub_a1", "branch_a2"},
    "base": {"base", "fed_a", "branch_a1", "sub_a1", "branch_a2", "fed_b", "branch_b1"},
}
# One member attached to each unit (codes of equal length, so none contains another).
MEMBERS = {
    "upper": ("DV9001", "Lê Văn Thượng"),
    "base": ("DV9002", "Trần Thị Trường"),
    "base_2": ("DV9003", "Phạm Văn Bên"),
    "fed_a": ("DV9004", "Nguyễn Thị Liên"),
    "fed_b": ("DV9005", "Đỗ Văn Khác"),
    "branch_a1": ("DV9006", "Hoàng Thị Một"),
    "sub_a1": ("DV9007", "Vũ Văn Phân"),
    "branch_a2": ("DV9008", "Bùi Thị Hai"),
    "branch_b1": ("DV9009", "Đặng Văn Ba"),
}
OWN_MEMBER = ("DV9010", "Ngô Minh Đức")


def build():
    """The tree of `org` widened so that every role's unit has a child, a sibling and a
    parent, one member in every unit, and one account per role (`ROLES`).

        Đoàn ĐHQGHN (upper)
        ├── Đoàn trường ĐH Kinh tế (base)
        │   ├── Liên chi đoàn A (fed_a)
        │   │   ├── Chi đoàn A1 (branch_a1) ── Phân đoàn A1.1 (sub_a1)
        │   │   └── Chi đoàn A2 (branch_a2)
        │   └── Liên chi đoàn B (fed_b) ── Chi đoàn B1 (branch_b1)
        └── Đoàn trường ĐH Công nghệ (base_2)

    The `member` account is linked to the Member "Ngô Minh Đức" of Chi đoàn A1.
    """
    units = factories.tree()
    units["sub_a1"] = factories.unit(
        level=Level.SUBBRANCH, parent=units["branch_a1"], name="Phân đoàn A1.1"
    )
    units["base_2"] = factories.unit(
        level=Level.BASE, parent=units["upper"], name="Đoàn trường ĐH Công nghệ"
    )
    members = {
        key: factories.member(branch=units[key], code=code, name=name)
        for key, (code, name) in MEMBERS.items()
    }
    users = {}
    for key, (role, unit_key) in ROLES.items():
        users[key] = factories.user(f"matrix_{key}")
        if role is not None:
            factories.role(users[key], units[unit_key], role)
    code, name = OWN_MEMBER
    members["own"] = factories.member(
        branch=units["branch_a1"], code=code, name=name, user=users["member"]
    )
    return SimpleNamespace(units=units, members=members, users=users)


def target_of(role_key: str, target: str) -> str:
    """The unit key that is `target` ("own", "child", ...) for the role `role_key`."""
    return RELATIVES[ROLES[role_key][1]][target]


def reach(role_key: str) -> set[str]:
    """The units (keys) `role_key` may see; a plain member sees no unit page."""
    role, unit_key = ROLES[role_key]
    return set() if role is None else REACH[unit_key]


def sees(role_key: str, target: str) -> bool:
    """May `role_key` see the unit that is its `target`? Own unit and child only."""
    return target_of(role_key, target) in reach(role_key)


CASES = [(role_key, target) for role_key in ROLES for target in TARGETS]


# --- Every view has a matrix test (core/tests/test_url_matrix.py) -------------------------
#
# A test that requests a view as every role of ROLES on its own unit, a child, a sibling
# and the parent (CASES) registers the view's URL name with @covers("app:name"). The URL
# walk fails for any view of the URL configuration that no such test covers and that is
# not in PUBLIC below. See docs/architecture.md "Permission matrix".

COVERS = "_matrix_covers"

# Views outside the matrix, with the reason: they concern no unit, member or form.
PUBLIC = {
    "login": "the login page, for everyone",
    "logout": "ends one's own session",
    "password_change": "one's own password",
    "password_change_done": "one's own password",
    "set_language": "a cookie for one's own language",
    "healthz": "the load balancer's probe; no data",
    "accounts:activate": "activating one's own account with its code (throttled)",
    "accounts:invitation": "one's own emailed invitation link (throttled)",
    "password_reset": "asking for one's own password reset link",
    "password_reset_done": "the page after asking for a reset link",
    "password_reset_confirm": "one's own reset link (throttled)",
    "password_reset_complete": "the page after a reset",
}
# Whole namespaces outside the matrix: Django's admin is for staff accounts only.
PUBLIC_NAMESPACES = {"admin": "Django's admin: staff accounts only (is_staff), not roles"}


def covers(*url_names: str):
    """Mark a test (taking the `matrix` fixture and run over every role and target) as the
    permission-matrix test of the views `url_names` ("app:name")."""

    def mark(test):
        setattr(test, COVERS, (*getattr(test, COVERS, ()), *url_names))
        return test

    return mark


def expected_status(role_key: str, target: str, action) -> int:
    """What a view that fetches the target unit for `action` answers: 404 where the role
    cannot see the unit, 403 where it sees it without the right, 200 where it may."""
    from renluyen.core.policy import ROLE_ACTIONS

    if not sees(role_key, target):
        return 404
    role = ROLES[role_key][0]
    return 200 if role is not None and action in ROLE_ACTIONS[role] else 403
