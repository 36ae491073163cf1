from django.contrib import admin

from renluyen.reports.models import Letterhead, Report


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    list_display = ("unit", "body_name", "symbol", "place", "signer_name")
    search_fields = ("unit__name", "unit__code", "body_name")
    raw_id_fields = ("unit",)
    list_select_related = ("unit",)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("unit", "program", "state", "number", "number_year", "first_submitted_at")
    list_filter = ("state",)
    search_fields = ("unit__name", "unit__code", "title")
    raw_id_fields = ("unit", "program", "submitted_by", "received_by")
    list_select_related = ("unit", "program")
