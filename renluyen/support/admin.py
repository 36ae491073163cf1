from django.contrib import admin

from renluyen.support.models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "mentor", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["enrollment__member", "mentor"]
    raw_id_fields = ["enrollment", "mentor", "created_by"]
