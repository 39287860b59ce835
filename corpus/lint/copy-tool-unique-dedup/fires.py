"""copy-tool-unique-dedup: fires"""
# target: mysql8.0
# online_schema_change: gh-ost
import subprocess

from alembic import op

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_unique_constraint("users_email_key", "users", ["email"])  # expect
    subprocess.run(["pt-online-schema-change", "--alter", "ADD UNIQUE INDEX users_status (status)", "--nocheck-unique-key-change", "D=app,t=users", "--execute"], check=True)  # expect


def downgrade():
    pass
