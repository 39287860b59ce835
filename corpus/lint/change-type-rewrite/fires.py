"""change-type-rewrite: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.alter_column("users", "age", existing_type=sa.Integer(), type_=sa.BigInteger())  # expect


def downgrade():
    pass
