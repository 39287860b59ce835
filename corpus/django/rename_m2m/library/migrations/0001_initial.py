import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("label", models.CharField(max_length=50)),
                ("lang", models.CharField(max_length=5)),
            ],
            options={"unique_together": {("label", "lang")}},
        ),
        migrations.CreateModel(
            name="Post",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(db_index=True, max_length=100)),
                (
                    "parent",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.CASCADE, to="library.post"
                    ),
                ),
                ("tags", models.ManyToManyField(to="library.tag")),
                ("related", models.ManyToManyField(to="library.post")),
                (
                    "extra",
                    models.ManyToManyField(db_table="post_extra_tags", related_name="+", to="library.tag"),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["title", "parent"], name="post_title_parent_idx")],
                "constraints": [models.UniqueConstraint(fields=("title", "parent"), name="post_title_parent_uniq")],
            },
        ),
        migrations.CreateModel(
            name="Reader",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("posts", models.ManyToManyField(to="library.post")),
                (
                    "favourite",
                    models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to="library.post"),
                ),
                (
                    "last_seen",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="library.post",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Club",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("club", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="library.club")),
                ("post", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="library.post")),
            ],
        ),
        migrations.AddField(
            model_name="club",
            name="posts",
            field=models.ManyToManyField(through="library.Membership", to="library.post"),
        ),
    ]
