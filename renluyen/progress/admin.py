from django.contrib import admin

from renluyen.progress.models import Comment, Entry, Reply, ReviewMark, SelfReview


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "item", "done_on", "file_kind", "seen_at"]
    list_select_related = ["enrollment__member", "item__criterion", "item__activity"]
    raw_id_fields = ["enrollment", "item", "author", "seen_by"]
    readonly_fields = ["file_name", "file_size"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["entry", "author", "created_at"]
    raw_id_fields = ["entry", "author"]


@admin.register(SelfReview)
class SelfReviewAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "submitted_at", "version"]
    list_select_related = ["enrollment__member", "enrollment__branch", "enrollment__program"]
    raw_id_fields = ["enrollment"]


@admin.register(ReviewMark)
class ReviewMarkAdmin(admin.ModelAdmin):
    list_display = ["review", "item", "status"]
    raw_id_fields = ["review", "item"]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["review", "author", "created_at"]
    raw_id_fields = ["review", "author"]
