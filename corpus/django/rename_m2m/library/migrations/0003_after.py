from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("library", "0002_rename")]

    operations = [
        # the names Django gave before the renames still hold
        migrations.RemoveIndex(model_name="article", name="post_title_parent_idx"),
        migrations.RemoveConstraint(model_name="article", name="post_title_parent_uniq"),
        migrations.AlterUniqueTogether(name="label", unique_together=set()),
        migrations.AlterField(model_name="article", name="title", field=models.CharField(db_index=True, max_length=120)),
        # a second rename: the foreign keys re-created by the first one are found again
        migrations.RenameModel(old_name="Article", new_name="Story"),
        migrations.AlterModelTable(name="reader", table="library_readers"),
        migrations.RemoveField(model_name="story", name="tags"),
    ]
