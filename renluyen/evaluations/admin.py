from django.contrib import admin

from renluyen.evaluations.models import BranchEvaluation, Evaluation, GroupComment, Score


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    raw_id_fields = ("item",)


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "self_state", "total", "level", "reason")
    list_filter = ("level", "reason", "self_state")
    search_fields = ("enrollment__member__full_name", "enrollment__member__code")
    raw_id_fields = ("enrollment",)
    list_select_related = ("enrollment__member", "enrollment__branch", "enrollment__program")
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ("evaluation", "item", "max_points", "self_score", "collective_score")
    raw_id_fields = ("evaluation", "item")
    list_select_related = ("evaluation__enrollment__member", "item__criterion", "item__activity")


@admin.register(GroupComment)
class GroupCommentAdmin(admin.ModelAdmin):
    list_display = ("evaluation", "group", "author", "created_at")
    raw_id_fields = ("evaluation", "group", "author")


@admin.register(BranchEvaluation)
class BranchEvaluationAdmin(admin.ModelAdmin):
    list_display = ("branch", "program", "state", "meeting_date", "recognized_at")
    list_filter = ("state",)
    search_fields = ("branch__name", "branch__code")
    raw_id_fields = ("branch", "program", "recognized_by", "attendees")
    list_select_related = ("branch", "program")
