from django.contrib import admin

from renluyen.dashboards.models import BranchFigures, BranchWeek, ExportJob


@admin.register(BranchFigures)
class BranchFiguresAdmin(admin.ModelAdmin):
    """Read it, never type in it: the services keep it; `refresh_figures` recounts."""

    list_display = (
        "branch",
        "program",
        "members",
        "registered",
        "confirmed",
        "evaluated",
        "results_state",
    )
    list_filter = ("results_state",)
    search_fields = ("branch__name", "branch__code")
    raw_id_fields = ("branch", "program")
    list_select_related = ("branch", "program")


@admin.register(BranchWeek)
class BranchWeekAdmin(admin.ModelAdmin):
    list_display = ("branch", "program", "week", "registered", "confirmed", "self_evaluated")
    raw_id_fields = ("branch", "program")
    list_select_related = ("branch", "program")


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("kind", "unit", "user", "state", "rows_done", "rows_total", "created_at")
    list_filter = ("state", "kind")
    raw_id_fields = ("unit", "user", "program")
    list_select_related = ("unit", "user")
