"""The branch's scores no longer start as copies of the self-scores (issue 10).

Until now submitting a self-evaluation copied each self-score into the collective score
(`collective_set` False marked such a copy). From now on the branch's cell stays empty
until the committee acts on the member. Existing data:

- branches that sent their results up: the copies became the branch's results at
  finalize, so they stay, and every member with scores counts as evaluated then;
- branches still scoring: copies nobody touched are cleared, so those members wait for
  the committee again, with the stored result that follows; a member with any score the
  branch set counts as evaluated (when the evaluation last changed, by nobody known).
"""

from django.db import migrations

EDITABLE = ("open", "returned")


def forwards(apps, schema_editor):
    BranchEvaluation = apps.get_model("evaluations", "BranchEvaluation")
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Score = apps.get_model("evaluations", "Score")
    sent_up = {
        (be.program_id, be.branch_id): be.finalized_at
        for be in BranchEvaluation.objects.exclude(state__in=EDITABLE)
    }
    for evaluation in Evaluation.objects.select_related("enrollment").iterator():
        pair = (evaluation.enrollment.program_id, evaluation.enrollment.branch_id)
        scores = Score.objects.filter(evaluation=evaluation)
        if pair in sent_up:
            if scores.filter(collective_score__isnull=False).exists():
                evaluation.reviewed_at = sent_up[pair] or evaluation.updated_at
                evaluation.save(update_fields=["reviewed_at"])
            continue
        if scores.filter(collective_set=True).exists():
            evaluation.reviewed_at = evaluation.updated_at
            evaluation.save(update_fields=["reviewed_at"])
        cleared = scores.filter(collective_set=False, collective_score__isnull=False).update(
            collective_score=None
        )
        if cleared and scores.filter(
            item__confirmed_at__isnull=False, collective_score__isnull=True
        ).exists():
            # A confirmed criterion without the branch's score: not evaluated (yet), as
            # evaluations.scoring.result says.
            evaluation.total = None
            evaluation.level = "not_completed"
            evaluation.reason = "not_evaluated"
            evaluation.save(update_fields=["total", "level", "reason"])


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_evaluation_review")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
