import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Category",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, unique=True)),
                ("slug", models.SlugField()),
                ("description", models.TextField(blank=True)),
            ],
            options={"verbose_name_plural": "categories"},
        ),
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("sku", models.UUIDField(default=uuid.uuid4, unique=True)),
                ("title", models.CharField(db_index=True, max_length=200)),
                ("price", models.DecimalField(decimal_places=2, max_digits=10)),
                ("weight", models.FloatField(null=True)),
                ("stock", models.PositiveIntegerField(default=0)),
                ("rank", models.SmallIntegerField(db_default=1)),
                ("views", models.BigIntegerField(default=0)),
                ("active", models.BooleanField(default=True)),
                ("released", models.DateField(null=True)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("opens_at", models.TimeField(null=True)),
                ("shelf_life", models.DurationField(null=True)),
                ("email", models.EmailField(max_length=254, blank=True)),
                ("homepage", models.URLField(null=True)),
                ("manual", models.FileField(upload_to="manuals/", null=True)),
                ("attributes", models.JSONField(default=dict)),
                ("payload", models.BinaryField(null=True)),
                ("ip", models.GenericIPAddressField(null=True)),
                (
                    "category",
                    models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="products", to="shop.category"),
                ),
            ],
            options={
                "db_table": "products",
                "unique_together": {("category", "title")},
                "indexes": [models.Index(fields=["-created", "active"], name="products_recent_idx")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("price__gte", 0)), name="price_not_negative"),
                    models.UniqueConstraint(fields=("category", "sku"), name="uniq_category_sku"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Review",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("score", models.PositiveSmallIntegerField()),
                ("body", models.TextField(db_column="review_body")),
                (
                    "product",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.product"),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, to="shop.review", db_constraint=False
                    ),
                ),
            ],
        ),
    ]
