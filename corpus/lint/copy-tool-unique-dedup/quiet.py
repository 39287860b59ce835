"""copy-tool-unique-dedup: does not fire"""
# target: mysql8.0
# online_schema_change: gh-ost
import subprocess

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_table("badges", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("code", sa.String(20)))
    op.create_index("badges_code_key", "badges", ["code"], unique=True)
    op.create_index("users_email_idx", "users", ["email"])
    subprocess.run(["gh-ost", "--alter=ADD INDEX users_status (status)", "--table=users", "--execute"], check=True)


def downgrade():
    pass
