from django.contrib import admin

from renluyen.progress.models import Entry, SelfReview


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "item", "done_on", "file_kind", "seen_at"]
    list_select_related = ["enrollment__member", "item"]
    raw_id_fields = ["enrollment", "item", "author", "seen_by"]
    readonly_fields = ["file_name", "file_size"]


@admin.register(SelfReview)
class SelfReviewAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "submitted_at", "version"]
    list_select_related = ["enrollment__member"]
    raw_id_fields = ["enrollment"]
