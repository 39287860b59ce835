from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        migrations.RenameModel(old_name="Post", new_name="Article"),
        migrations.RenameModel(old_name="Tag", new_name="Label"),
    ]
