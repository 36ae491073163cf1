from django.contrib import admin

from renluyen.programs.catalog import catalog_changed
from renluyen.programs.models import Area, Criterion, Enrollment, Program


class CatalogAdmin(admin.ModelAdmin):
    """An admin whose saves and deletes change a program's catalog (areas, criteria,
    activities): each draws the program's new catalog stamp in the admin's transaction, so
    no process serves the cached catalog of before (programs.catalog)."""

    # The lookup from this model to its program's id.
    program_lookup = "program"

    def _programs(self, **lookup) -> set[int]:
        rows = self.model.objects.filter(**lookup).values_list(self.program_lookup, flat=True)
        return set(rows)

    def _changed(self, programs) -> None:
        for pk in sorted(programs):
            catalog_changed(pk)

    def save_model(self, request, obj, form, change):
        before = self._programs(pk=obj.pk) if change else set()
        super().save_model(request, obj, form, change)
        self._changed(before | self._programs(pk=obj.pk))

    def save_related(self, request, form, formsets, change):
        # Inlines (a program's areas, an area's criteria) and many-to-many fields.
        super().save_related(request, form, formsets, change)
        self._changed(self._programs(pk=form.instance.pk))

    def delete_model(self, request, obj):
        programs = self._programs(pk=obj.pk)
        super().delete_model(request, obj)
        self._changed(programs)

    def delete_queryset(self, request, queryset):
        programs = self._programs(pk__in=list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)
        self._changed(programs)


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Program)
class ProgramAdmin(CatalogAdmin):
    program_lookup = "pk"

    list_display = ["name", "school_year", "unit", "status"]
    list_filter = ["status"]
    inlines = [AreaInline]
    raw_id_fields = ["unit", "copied_from"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Area)
class AreaAdmin(CatalogAdmin):
    list_display = ["__str__", "program", "points"]
    list_filter = ["program"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(CatalogAdmin):
    program_lookup = "area__program"

    list_display = ["code", "area", "member_type"]
    list_filter = ["area__program", "member_type"]
    search_fields = ["code", "text"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["member", "program", "branch"]
    list_filter = ["program"]
    search_fields = ["member__full_name", "member__code"]
    raw_id_fields = ["member", "branch"]
