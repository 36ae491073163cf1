from django.db import migrations, models
from django.db.models import Count, Q

# The new counts of the rows already stored (rollups.py says what each counts), from the
# raw tables, with the models as they stand at this migration.
STATES = {
    "draft": "draft",
    "awaiting": "submitted",
    "returned": "returned",
    "additions": "supplement_submitted",
}


def count_existing(apps, schema_editor):
    BranchFigures = apps.get_model("dashboards", "BranchFigures")
    Enrollment = apps.get_model("programs", "Enrollment")
    counts = {name: Count("pk", filter=Q(registration__state=s)) for name, s in STATES.items()}
    counts["not_evaluated"] = Count(
        "pk",
        filter=Q(evaluation__level="not_completed", evaluation__reason="not_evaluated"),
    )
    programs = BranchFigures.objects.values_list("program_id", flat=True).distinct()
    grouped = (
        Enrollment.objects.filter(program_id__in=list(programs))
        .order_by()
        .values("program_id", "branch_id")
        .annotate(**counts)
    )
    for group in grouped:
        BranchFigures.objects.filter(
            program_id=group.pop("program_id"), branch_id=group.pop("branch_id")
        ).update(**group)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_initial"),
        ("evaluations", "0004_remove_score_collective_set"),
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="branchfigures",
            name="additions",
            field=models.PositiveIntegerField(default=0, verbose_name="Additions awaiting review"),
        ),
        migrations.AddField(
            model_name="branchfigures",
            name="awaiting",
            field=models.PositiveIntegerField(default=0, verbose_name="Awaiting review"),
        ),
        migrations.AddField(
            model_name="branchfigures",
            name="draft",
            field=models.PositiveIntegerField(default=0, verbose_name="Draft"),
        ),
        migrations.AddField(
            model_name="branchfigures",
            name="not_evaluated",
            field=models.PositiveIntegerField(default=0, verbose_name="Not evaluated"),
        ),
        migrations.AddField(
            model_name="branchfigures",
            name="returned",
            field=models.PositiveIntegerField(default=0, verbose_name="Returned"),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
