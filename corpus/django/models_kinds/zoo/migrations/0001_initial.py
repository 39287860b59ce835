import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            name="Animal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50)),
            ],
        ),
        migrations.CreateModel(
            name="Keeper",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=50)),
            ],
        ),
        migrations.CreateModel(
            name="Bird",
            fields=[
                (
                    "animal_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="zoo.animal",
                    ),
                ),
                ("wingspan", models.DecimalField(decimal_places=1, max_digits=4)),
            ],
            bases=("zoo.animal",),
        ),
        migrations.CreateModel(
            name="LoudAnimal",
            fields=[],
            options={"proxy": True, "indexes": [], "constraints": []},
            bases=("zoo.animal",),
        ),
        migrations.CreateModel(
            name="LegacyCage",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
                ("label", models.CharField(max_length=10)),
            ],
            options={"db_table": "legacy_cage", "managed": False},
        ),
        migrations.CreateModel(
            name="Enclosure",
            fields=[
                ("code", models.CharField(max_length=8, primary_key=True, serialize=False)),
                ("keepers", models.ManyToManyField(to="zoo.keeper")),
                ("animals", models.ManyToManyField(db_table="zoo_residents", to="zoo.animal")),
            ],
            options={"db_table_comment": "where animals live"},
        ),
        migrations.CreateModel(
            name="Visit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("enclosure", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="zoo.enclosure")),
                ("keeper", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="zoo.keeper", to_field="id")),
                ("notes", models.TextField(null=True, db_comment="free text")),
                ("ordering", models.IntegerField(null=True)),
            ],
            options={"index_together": {("enclosure", "ordering")}},
        ),
        migrations.AlterOrderWithRespectTo(name="visit", order_with_respect_to="enclosure"),
        migrations.AddField(
            model_name="bird",
            name="keepers",
            field=models.ManyToManyField(to="zoo.keeper"),
        ),
        migrations.AddField(
            model_name="keeper",
            name="favourite_bird",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="zoo.bird"),
        ),
        migrations.AlterModelTableComment(name="keeper", table_comment="staff"),
        migrations.DeleteModel(name="LoudAnimal"),
    ]
