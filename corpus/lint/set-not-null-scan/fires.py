"""set-not-null-scan: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.alter_column("users", "email", existing_type=sa.String(100), nullable=False)  # expect


def downgrade():
    pass
