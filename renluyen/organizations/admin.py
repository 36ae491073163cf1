from django.contrib import admin

from renluyen.organizations.models import RoleAssignment, Unit
from renluyen.programs.catalog import all_catalogs_changed


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "dispersed"]
    list_filter = ["level", "dispersed"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Programs' cached activities show their organising unit's name and place.
        if change:
            all_catalogs_changed()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "starts_on", "ends_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name", "unit__code"]
    raw_id_fields = ["user", "unit"]
