"""not-null-with-fill-update: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.alter_column("users", "status", existing_type=sa.String(20), nullable=False)


def downgrade():
    pass
