"""shipping lag index

Revision ID: r2
Revises: r1
Create Date: 2024-05-02 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "r2"
down_revision = "r1"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("orders_shipped_at_idx", "orders", ["shipped_at"])


def downgrade():
    op.drop_index("orders_shipped_at_idx", table_name="orders")
