# Written by hand: Q objects combined with & | ~, expressions with .desc().
from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Length, Lower, Upper


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.CheckConstraint(
                condition=~Q(code="x") & (Q(score__in=[1, 2, 2]) | Q(score__isnull=True)), name="cust_combined"
            ),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.UniqueConstraint(
                fields=["name", "code"], name="cust_name_code_imm", deferrable=models.Deferrable.IMMEDIATE
            ),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.UniqueConstraint(Upper("code"), Lower("nick").desc(), name="cust_upper_code_uniq"),
        ),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(Lower("email"), "code", F("start").desc(), name="cust_email_lower_idx"),
        ),
        migrations.AddIndex(
            model_name="customer",
            index=models.Index(Coalesce("nick", "name"), Length("code"), name="cust_coalesce_idx"),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.CheckConstraint(condition=~Q(score=5) & ~Q(end=F("score")), name="cust_not5"),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.CheckConstraint(
                condition=Q(start=1, end=2) | ~(Q(start__range=(0, 9)) & Q(active=False)), name="cust_nested"
            ),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.CheckConstraint(
                condition=Q(name__startswith="a") | Q(code__iexact="B") | Q(nick__icontains="c") | Q(email__endswith="d"),
                name="cust_like",
            ),
        ),
        migrations.AddConstraint(
            model_name="customer",
            constraint=models.UniqueConstraint(fields=["nick"], nulls_distinct=False, name="cust_nick_nnd"),
        ),
    ]
