from django.contrib import admin

from renluyen.imports.models import MemberImport


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    """Read-only: imports are written by the import pages, which check every row."""

    list_display = ["created_at", "file_name", "unit", "status", "row_count", "bad_rows"]
    list_filter = ["status"]
    search_fields = ["file_name", "unit__name", "uploaded_by__username"]
    exclude = ["rows", "samples", "problems", "file_problems"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
