from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0003_after")]

    operations = [
        # a foreign key made before both renames becomes a plain column: its constraint and its
        # index still carry the first table's name (wagtail 0070 does this to PageRevision.page)
        migrations.AlterField(model_name="story", name="parent", field=models.IntegerField(null=True)),
        migrations.RenameField(model_name="story", old_name="parent", new_name="parent_ref"),
    ]
