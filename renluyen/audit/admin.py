from django.contrib import admin

from renluyen.audit.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "verb", "object_type", "object_id", "unit"]
    list_filter = ["verb", "object_type"]
    search_fields = ["object_id", "actor__username"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
