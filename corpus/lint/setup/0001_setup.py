"""Shared schema every lint case starts from (revision 0001)."""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("orgs", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("name", sa.Text()))
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("email", sa.String(100)),
        sa.Column("name", sa.Text()),
        sa.Column("org_id", sa.BigInteger()),
        sa.Column("age", sa.Integer()),
        sa.Column("status", sa.String(20)),
        sa.CheckConstraint("age > 0", name="users_age_check"),
    )
    op.create_index("users_org_id_idx", "users", ["org_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), sa.ForeignKey("users.id")),
        sa.Column("payload", sa.Text()),
    )
    op.create_index("events_user_id_idx", "events", ["user_id"])
    op.create_table("tags", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("label", sa.Text()))
    op.create_table("audit", sa.Column("at", sa.Integer()), sa.Column("note", sa.Text()))


def downgrade():
    pass
