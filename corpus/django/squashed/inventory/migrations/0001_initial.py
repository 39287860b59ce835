from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel("Bin", [("id", models.AutoField(primary_key=True)), ("code", models.CharField(max_length=5))]),
    ]
