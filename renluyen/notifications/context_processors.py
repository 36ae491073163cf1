"""What the navigation bar needs on every page: the unread count, whether the person has a
member record (for the link to their training form) and whether they hold a role (for the
unit and member lists)."""

from functools import cache, cached_property

from django.db import connection
from django.utils import timezone

from renluyen.notifications.models import Notification
from renluyen.organizations.models import RoleAssignment
from renluyen.people.models import Member


@cache
def _sql() -> dict[str, str]:
    """The bar's two statements, written once in SQL: built by the ORM on every page they
    cost more CPU than the rest of a small page (the three subqueries compile in ~1.3 ms,
    and execute in 0.1 ms). Tables come from the models, so a rename follows; the role's
    dates are RoleAssignmentQuerySet.active()'s (started, not ended, on `today`)."""
    note = Notification._meta
    unread = (
        f"SELECT COUNT(*) FROM {note.db_table} "
        f"WHERE {note.get_field('user').column} = %s "
        f"AND {note.get_field('read_at').column} IS NULL"
    )
    role = RoleAssignment._meta
    starts, ends = role.get_field("starts_on").column, role.get_field("ends_on").column
    has_role = (
        f"EXISTS (SELECT 1 FROM {role.db_table} WHERE {role.get_field('user').column} = %s "
        f"AND ({starts} IS NULL OR {starts} <= %s) AND ({ends} IS NULL OR {ends} >= %s))"
    )
    member = Member._meta
    has_member = (
        f"EXISTS (SELECT 1 FROM {member.db_table} WHERE {member.get_field('user').column} = %s)"
    )
    return {"unread": unread, "all": f"SELECT ({unread}), {has_member}, {has_role}"}


class Nav:
    """Read lazily, so a page that does not show the bar (a print view, an htmx fragment)
    runs no query, and one that does runs one."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _row(self) -> dict:
        known = self._known()
        pk = self.user.pk
        with connection.cursor() as cursor:
            if known is not None:
                # The view already read the roles and the member record of this request
                # (policy caches them on the user): only the unread count is left to read.
                cursor.execute(_sql()["unread"], [pk])
                return {"unread": cursor.fetchone()[0], **known}
            today = timezone.localdate()
            cursor.execute(_sql()["all"], [pk, pk, pk, today, today])
            unread, has_member, has_role = cursor.fetchone()
        return {"unread": unread, "has_member": bool(has_member), "has_role": bool(has_role)}

    def _known(self) -> dict | None:
        """has_member and has_role from what this request has already read, or None."""
        roles = getattr(self.user, "_renluyen_assignments", None)
        fields = self.user._state.fields_cache
        if roles is None or "member" not in fields:
            return None
        return {"has_member": fields["member"] is not None, "has_role": bool(roles)}

    @property
    def unread(self) -> int:
        return self._row["unread"]

    @property
    def has_member(self) -> bool:
        return self._row["has_member"]

    @property
    def has_role(self) -> bool:
        """A role in some unit (or an admin account): unit and member lists are for them."""
        return self.user.is_superuser or self._row["has_role"]


def nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": Nav(user)}
