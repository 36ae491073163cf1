from django.contrib import admin

from renluyen.people.models import Member


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "code", "member_type", "branch", "status"]
    list_filter = ["member_type", "status", "gender"]
    search_fields = ["full_name", "code", "email"]
    raw_id_fields = ["branch", "user"]
