from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="book",
            name="published",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="book",
            name="subtitle",
            field=models.CharField(blank=True, max_length=100),
        ),
        migrations.AddField(
            model_name="author",
            name="nickname",
            field=models.CharField(max_length=50, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="author",
            name="name",
            field=models.CharField(max_length=150, db_index=True),
        ),
        migrations.AlterField(
            model_name="book",
            name="pages",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="author",
            name="email",
            field=models.EmailField(max_length=254, unique=True),
        ),
        migrations.RenameField(
            model_name="book",
            old_name="isbn",
            new_name="isbn13",
        ),
        migrations.AddIndex(
            model_name="book",
            index=models.Index(fields=["title", "published"], name="book_title_pub_idx"),
        ),
        migrations.AddConstraint(
            model_name="book",
            constraint=models.UniqueConstraint(fields=("author", "title"), name="uniq_author_title"),
        ),
        migrations.AlterUniqueTogether(
            name="book",
            unique_together={("title", "isbn13")},
        ),
    ]
