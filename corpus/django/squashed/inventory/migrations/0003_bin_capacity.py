from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_bin_label")]

    operations = [
        migrations.AddField("bin", "capacity", models.PositiveIntegerField(default=10)),
        migrations.AlterField("bin", "code", models.CharField(max_length=5, unique=True)),
    ]
