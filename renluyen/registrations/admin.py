from django.contrib import admin

from renluyen.registrations.models import Comment, Extension, Item, Registration, Suggestion


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    raw_id_fields = ("criterion", "activity")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "state", "submitted_at", "confirmed_at", "on_paper")
    list_filter = ("state", "on_paper")
    search_fields = ("enrollment__member__full_name", "enrollment__member__code")
    raw_id_fields = ("enrollment", "confirmed_by")
    list_select_related = ("enrollment__member", "enrollment__program")
    inlines = [ItemInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("registration", "item", "round", "author", "created_at")
    raw_id_fields = ("registration", "item", "author")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "area", "author", "created_at")
    raw_id_fields = ("enrollment", "author")


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "until", "granted_by", "granted_at")
    raw_id_fields = ("enrollment", "granted_by")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("registration", "area", "kind", "confirmed_at")
    list_filter = ("kind",)
    raw_id_fields = ("registration", "criterion", "activity")
    list_select_related = ("registration__enrollment__member", "area")
