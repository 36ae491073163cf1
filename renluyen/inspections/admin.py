from django.contrib import admin

from renluyen.inspections.models import Inspection, InspectionPlan, InspectionRequest


@admin.register(InspectionPlan)
class InspectionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "school_year", "created_by", "created_at")
    search_fields = ("title", "unit__name")
    raw_id_fields = ("unit", "created_by")
    list_select_related = ("unit", "created_by")


class InspectionRequestInline(admin.TabularInline):
    model = InspectionRequest
    extra = 0
    raw_id_fields = ("answered_by",)


@admin.register(Inspection)
class InspectionAdmin(admin.ModelAdmin):
    list_display = ("unit", "plan", "planned_on", "state", "held_on")
    list_filter = ("state",)
    search_fields = ("unit__name", "unit__code", "topic")
    raw_id_fields = ("plan", "unit", "inspectors")
    list_select_related = ("unit", "plan")
    inlines = [InspectionRequestInline]


@admin.register(InspectionRequest)
class InspectionRequestAdmin(admin.ModelAdmin):
    list_display = ("inspection", "due_on", "answered_at")
    raw_id_fields = ("inspection", "answered_by")
    list_select_related = ("inspection__unit",)
