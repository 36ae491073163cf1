from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_review_not_prefill")]

    operations = [migrations.RemoveField(model_name="score", name="collective_set")]
