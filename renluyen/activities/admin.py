from django.contrib import admin

from renluyen.activities.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "program", "unit", "area", "starts_on", "ends_on")
    list_filter = ("program",)
    search_fields = ("title", "description")
    raw_id_fields = ("program", "unit", "area", "created_by")
    filter_horizontal = ("criteria",)
    list_select_related = ("program", "unit", "area")
