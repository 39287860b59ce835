"""invoice status

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "invoices",
        sa.Column("status", sa.String(length=20), nullable=False, server_default="open"),
    )
    op.create_index("invoices_status_idx", "invoices", ["status"])


def downgrade():
    op.drop_index("invoices_status_idx", table_name="invoices")
    op.drop_column("invoices", "status")
