from django.contrib import admin

from renluyen.programs.models import Area, Criterion, Enrollment, Program


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "unit", "status"]
    list_filter = ["status"]
    inlines = [AreaInline]
    raw_id_fields = ["unit", "copied_from"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "points"]
    list_filter = ["program"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "area", "member_type"]
    list_filter = ["area__program", "member_type"]
    search_fields = ["code", "text"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["member", "program", "branch"]
    list_filter = ["program"]
    search_fields = ["member__full_name", "member__code"]
    raw_id_fields = ["member", "branch"]
