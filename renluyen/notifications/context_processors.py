"""What the navigation bar needs on every page: the unread count, whether the person has a
member record (for the link to their training form) and whether they hold a role (for the
unit and member lists)."""

from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from renluyen.notifications.models import Notification
from renluyen.organizations.models import RoleAssignment
from renluyen.people.models import Member


class Nav:
    """Read lazily, so a page that does not show the bar (a print view, an htmx fragment)
    runs no query, and one that does runs one."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _row(self) -> dict:
        known = self._known()
        if known is not None:
            # The view already read the roles and the member record of this request
            # (policy caches them on the user): only the unread count is left to read.
            unread = Notification.objects.filter(user=self.user, read_at__isnull=True).count()
            return {"unread": unread, **known}
        unread = (
            Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            get_user_model()
            .objects.filter(pk=self.user.pk)
            .annotate(
                # Subqueries rather than a join, so the row needs no GROUP BY.
                unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
                has_member=Exists(Member.objects.filter(user=OuterRef("pk"))),
                has_role=Exists(RoleAssignment.objects.active().filter(user=OuterRef("pk"))),
            )
            .values("unread", "has_member", "has_role")
            .get()
        )

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
