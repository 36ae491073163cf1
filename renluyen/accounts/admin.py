from django.contrib import admin

from renluyen.accounts.models import ActivationCode


@admin.register(ActivationCode)
class ActivationCodeAdmin(admin.ModelAdmin):
    list_display = ["member", "created_at", "expires_at", "used_at", "revoked_at", "issued_by"]
    list_select_related = ["member", "issued_by"]
    search_fields = ["member__code", "member__full_name"]
    raw_id_fields = ["member", "issued_by"]
    readonly_fields = ["created_at"]
