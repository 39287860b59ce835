import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100)),
                ("email", models.CharField(max_length=254, null=True)),
                ("code", models.CharField(max_length=20)),
                ("nick", models.CharField(max_length=30, null=True)),
                ("score", models.IntegerField(null=True)),
                ("start", models.IntegerField(default=0)),
                ("end", models.IntegerField(null=True)),
                ("active", models.BooleanField(default=True)),
            ],
            options={
                # as makemigrations writes them
                "constraints": [
                    models.UniqueConstraint(django.db.models.functions.text.Lower("name"), name="cust_lower_name_uniq"),
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("email"),
                        models.F("code"),
                        condition=models.Q(("active", True)),
                        name="cust_email_code_uniq",
                    ),
                    models.UniqueConstraint(
                        deferrable=models.Deferrable["DEFERRED"], fields=("code",), name="cust_code_deferred"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("score__gte", 0), ("score__lte", 100)), name="cust_score_range"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("end__isnull", True)), ("end__gt", models.F("start")), _connector="OR"),
                        name="cust_end_after_start",
                    ),
                ],
                "indexes": [
                    models.Index(django.db.models.functions.text.Lower("name"), name="cust_lower_name_idx"),
                    models.Index(
                        models.OrderBy(django.db.models.functions.text.Upper("code"), descending=True),
                        models.F("score"),
                        name="cust_upper_code_idx",
                    ),
                ],
            },
        ),
    ]
