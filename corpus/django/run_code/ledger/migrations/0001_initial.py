from django.db import migrations, models


def seed_accounts(apps, schema_editor):
    Account = apps.get_model("ledger", "Account")
    Account.objects.create(name="cash")


class Migration(migrations.Migration):
    initial = True
    atomic = False

    operations = [
        migrations.CreateModel(
            name="Account",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=40)),
            ],
        ),
        migrations.RunSQL(
            "CREATE INDEX ledger_account_name_lower ON ledger_account (name)",
            reverse_sql="DROP INDEX ledger_account_name_lower",
        ),
        migrations.RunSQL(
            ["INSERT INTO ledger_account (name) VALUES ('bank')", ("UPDATE ledger_account SET name = 'bank'", [])],
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(migrations.RunSQL.noop, migrations.RunSQL.noop),
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
        migrations.RunPython(seed_accounts, reverse_code=migrations.RunPython.noop),
        migrations.RunPython(lambda apps, schema_editor: None),
        migrations.AlterField("account", "name", models.CharField(max_length=80)),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL("ALTER TABLE ledger_account ADD COLUMN code varchar(10) NULL"),
            ],
            state_operations=[
                migrations.AddField("account", "code", models.CharField(max_length=10, null=True)),
            ],
        ),
        migrations.AlterModelOptions(name="account", options={"ordering": ["name"]}),
        migrations.AlterModelManagers(name="account", managers=[]),
    ]
