from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="website",
            field=models.URLField(blank=True),
        ),
        migrations.AddField(
            model_name="profile",
            name="favourite_tag",
            field=models.ForeignKey(null=True, on_delete=models.SET_NULL, to="blog.tag"),
        ),
    ]
