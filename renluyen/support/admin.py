from django.contrib import admin

from renluyen.support.models import (
    Checkin,
    CheckinPlan,
    CommendationProposal,
    CommendationTitle,
    Guidance,
    HelpReply,
    HelpRequest,
    Mentorship,
    RegistrationMeeting,
)


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "mentor", "kind", "starts_on", "ends_on"]
    list_filter = ["kind"]
    list_select_related = ["enrollment__member", "enrollment__branch", "enrollment__program"]
    raw_id_fields = ["enrollment", "mentor", "created_by"]


@admin.register(RegistrationMeeting)
class RegistrationMeetingAdmin(admin.ModelAdmin):
    list_display = ["branch", "program", "meeting_date", "updated_at"]
    list_select_related = ["branch", "program"]
    raw_id_fields = ["program", "branch", "attendees", "updated_by"]


@admin.register(CheckinPlan)
class CheckinPlanAdmin(admin.ModelAdmin):
    list_display = ["branch", "program", "frequency", "chosen_at"]
    list_filter = ["frequency"]
    list_select_related = ["branch", "program"]
    raw_id_fields = ["program", "branch", "chosen_by"]


@admin.register(Checkin)
class CheckinAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "round", "held_on", "recorded_by"]
    list_select_related = [
        "enrollment__member",
        "enrollment__branch",
        "enrollment__program",
        "recorded_by",
    ]
    raw_id_fields = ["enrollment", "recorded_by"]


class HelpReplyInline(admin.TabularInline):
    model = HelpReply
    raw_id_fields = ["author"]
    extra = 0


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "state", "created_at"]
    list_filter = ["state"]
    list_select_related = ["enrollment__member", "enrollment__branch", "enrollment__program"]
    raw_id_fields = ["enrollment", "mentor", "closed_by"]
    inlines = [HelpReplyInline]


@admin.register(HelpReply)
class HelpReplyAdmin(admin.ModelAdmin):
    list_display = ["request", "author", "created_at"]
    list_select_related = ["request", "author"]
    raw_id_fields = ["request", "author"]


@admin.register(Guidance)
class GuidanceAdmin(admin.ModelAdmin):
    list_display = ["unit", "program", "author", "created_at", "acknowledged_at"]
    list_select_related = ["unit", "program", "author"]
    raw_id_fields = ["program", "unit", "author", "acknowledged_by"]


@admin.register(CommendationTitle)
class CommendationTitleAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "min_level", "order"]
    list_select_related = ["program"]
    raw_id_fields = ["program", "created_by"]
    filter_horizontal = ["activities"]


@admin.register(CommendationProposal)
class CommendationProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "enrollment", "proposed_at"]
    list_select_related = ["title", "enrollment__member", "enrollment__branch"]
    raw_id_fields = ["title", "enrollment", "proposed_by"]
