import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluation",
            name="reviewed_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="evaluated by the branch at"
            ),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="evaluated by",
            ),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="accepted",
            field=models.BooleanField(default=False, verbose_name="self-scores accepted"),
        ),
        migrations.AddField(
            model_name="evaluation",
            name="change_reason",
            field=models.TextField(blank=True, verbose_name="reason for the changed scores"),
        ),
    ]
