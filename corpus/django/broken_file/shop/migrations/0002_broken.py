from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial"), ("payments", "0001_initial")]

    operations = [
        migrations.AddField("other", "name", models.CharField(max_length=10)
        migrations.AddField("other", "size", models.IntegerField(null=True)),
    ]
