"""invoice status

Revision ID: b2
Revises: a1
Create Date: 2024-04-15 08:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("invoices", sa.Column("status", sa.String(20), nullable=False, server_default="open"))
    op.create_index("invoices_status_idx", "invoices", ["status"])


def downgrade():
    op.drop_index("invoices_status_idx", table_name="invoices")
    op.drop_column("invoices", "status")
