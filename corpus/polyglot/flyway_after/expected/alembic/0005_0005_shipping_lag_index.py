"""shipping lag index

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("orders_shipped_at_idx", "orders", ["shipped_at"])


def downgrade():
    op.drop_index("orders_shipped_at_idx", table_name="orders")
