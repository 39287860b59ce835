from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_changes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="book", name="book_title_pub_idx"),
        migrations.RemoveConstraint(model_name="book", name="uniq_author_title"),
        migrations.AlterUniqueTogether(name="book", unique_together=set()),
        migrations.RemoveField(model_name="book", name="subtitle"),
        migrations.RenameModel(old_name="Book", new_name="Volume"),
        migrations.AlterModelTable(name="author", table="writers"),
        migrations.AddField(
            model_name="volume",
            name="editor",
            field=models.ForeignKey(null=True, on_delete=models.deletion.SET_NULL, related_name="+", to="catalog.author"),
        ),
        migrations.AddConstraint(
            model_name="volume",
            constraint=models.CheckConstraint(condition=models.Q(("pages__lte", 10000)), name="pages_max"),
        ),
    ]
