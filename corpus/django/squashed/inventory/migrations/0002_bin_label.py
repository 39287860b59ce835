from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]

    operations = [
        migrations.AddField("bin", "label", models.CharField(max_length=30, null=True)),
    ]
