"""add_customer_country

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("customers", sa.Column("country", sa.CHAR(2), nullable=True))
    op.create_index("customers_country_idx", "customers", ["country"])


def downgrade():
    op.drop_index("customers_country_idx", table_name="customers")
    op.drop_column("customers", "country")
