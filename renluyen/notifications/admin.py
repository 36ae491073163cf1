from django.contrib import admin

from renluyen.notifications.models import Notification, OutboxEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "verb", "read_at", "digest", "emailed_at"]
    list_filter = ["verb", "digest"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    # Written by the services only; the admin looks, it does not edit.
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Where an administrator sees what left, what waits and what was given up (with the
    mail server's last answer)."""

    list_display = ["created_at", "to", "subject", "attempts", "sent_at", "failed_at"]
    list_filter = [
        ("sent_at", admin.EmptyFieldListFilter),
        ("failed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
