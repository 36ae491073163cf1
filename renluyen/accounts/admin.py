from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renluyen.accounts.models import ActivationCode


@admin.register(ActivationCode)
class ActivationCodeAdmin(admin.ModelAdmin):
    list_display = ["member", "created_at", "expires_at", "used_at", "revoked_at", "issued_by"]
    list_select_related = ["member", "issued_by"]
    search_fields = ["member__code", "member__full_name"]
    raw_id_fields = ["member", "issued_by"]
    readonly_fields = ["created_at"]


# Permission names are stored in English when the database is made ("Can add unit");
# the admin shows them in the reader's language instead (issue 9 item 6).
ACTIONS = {
    "add": gettext_lazy("add"),
    "change": gettext_lazy("change"),
    "delete": gettext_lazy("delete"),
    "view": gettext_lazy("view"),
}


def permission_label(permission) -> str:
    action, _sep, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if model is None or action not in ACTIONS:
        return permission.name
    return capfirst(
        _("%(app)s · may %(action)s %(model)s")
        % {
            "app": model._meta.app_config.verbose_name,
            "action": ACTIONS[action],
            "model": model._meta.verbose_name,
        }
    )


class _TranslatedPermissions:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class MemberAwareUserAdmin(_TranslatedPermissions, UserAdmin):
    pass


@admin.register(Group)
class TranslatedGroupAdmin(_TranslatedPermissions, GroupAdmin):
    pass
