from django.contrib import admin

from renluyen.activities.models import Activity, Participation
from renluyen.programs.admin import CatalogAdmin


@admin.register(Activity)
class ActivityAdmin(CatalogAdmin):
    list_display = ("title", "program", "unit", "area", "starts_on", "ends_on")
    list_filter = ("program",)
    search_fields = ("title", "description")
    raw_id_fields = ("program", "unit", "area", "created_by")
    filter_horizontal = ("criteria",)
    list_select_related = ("program", "unit", "area")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("activity", "enrollment", "signed_up_at", "attended_at", "method")
    list_filter = ("method",)
    raw_id_fields = ("activity", "enrollment", "recorded_by")
    list_select_related = ("activity", "enrollment__member", "enrollment__branch")
