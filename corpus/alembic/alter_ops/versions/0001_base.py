"""base"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("code", sa.String(10)),
        sa.Column("legacy", sa.Text()),
    )
    op.create_table("regions", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("regions")
    op.drop_table("accounts")
