"""add-column-stored-generated: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("age2", sa.Integer(), sa.Computed("age * 2", persisted=True)))  # expect


def downgrade():
    pass
