from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            name="Thing",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("price", money.fields.MoneyField(max_digits=10, decimal_places=2)),
                ("colour", colorfield.fields.ColorField(default="#FFFFFF", max_length=18)),
            ],
        ),
        migrations.CreateModel(
            name="Other",
            fields=[("id", models.AutoField(primary_key=True))],
        ),
        migrations.FancyThirdPartyOperation("other"),
    ]
