from django.contrib import admin

from renluyen.organizations.models import RoleAssignment, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "dispersed"]
    list_filter = ["level", "dispersed"]
    search_fields = ["name", "code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "starts_on", "ends_on"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__last_name", "unit__name", "unit__code"]
    raw_id_fields = ["user", "unit"]
