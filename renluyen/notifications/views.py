"""A person's inbox: their own notifications only, newest first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from renluyen.core.paging import paginate
from renluyen.notifications.models import Notification


@require_safe
@login_required
def inbox(request):
    page = paginate(request, request.user.notifications.order_by("-created_at", "-pk"))
    return render(request, "notifications/inbox.html", {"page": page, "rows": _rows(page)})


def _rows(page) -> list[dict]:
    """The page's notifications as shown, formatted here once: in the template each row
    cost a {% url %}, two date filters and several lookups, most of the inbox's time. The
    same text as the template's (`date` filter: local time, then date_format)."""
    # "<id:pk>/" under the inbox's own prefix (notifications/urls.py).
    prefix = reverse("notifications:inbox")
    rows = []
    for notification in page:
        local = timezone.localtime(notification.created_at)
        rows.append(
            {
                "url": f"{prefix}{notification.pk}/",
                "unread": notification.read_at is None,
                "message": notification.message,
                "iso": date_format(local, "c"),
                "time": date_format(local, "d/m/Y H:i"),
            }
        )
    return rows


@require_safe
@login_required
def open_notification(request, pk):
    """Mark it read and go where it points (a form, a review page)."""
    # Someone else's notification answers 404, like one that does not exist.
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def read_all(request):
    count = request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked as read.",
                "%(count)s notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    return redirect("notifications:inbox")
