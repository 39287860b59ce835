"""daily totals

Revision ID: r1
Revises:
Create Date: 2024-05-01 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "r1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "daily_totals",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("total", sa.Numeric(12, 2), nullable=False),
    )


def downgrade():
    op.drop_table("daily_totals")
