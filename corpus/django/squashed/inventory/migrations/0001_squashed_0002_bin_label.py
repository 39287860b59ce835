from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("inventory", "0001_initial"), ("inventory", "0002_bin_label")]
    initial = True

    operations = [
        migrations.CreateModel(
            "Bin",
            [
                ("id", models.AutoField(primary_key=True)),
                ("code", models.CharField(max_length=5)),
                ("label", models.CharField(max_length=30, null=True)),
            ],
        ),
    ]
