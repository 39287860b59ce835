from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_hand_written")]

    operations = [
        migrations.RemoveConstraint(model_name="customer", name="cust_lower_name_uniq"),
        migrations.RemoveIndex(model_name="customer", name="cust_lower_name_idx"),
        migrations.RemoveConstraint(model_name="customer", name="cust_code_deferred"),
        migrations.RemoveConstraint(model_name="customer", name="cust_nick_nnd"),
        migrations.RemoveConstraint(model_name="customer", name="cust_upper_code_uniq"),
        migrations.AlterField(model_name="customer", name="code", field=models.CharField(max_length=40)),
    ]
