"""not-null-with-fill-update: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("UPDATE users SET status = 'new' WHERE status IS NULL")
    op.alter_column("users", "status", existing_type=sa.String(20), nullable=False)  # expect


def downgrade():
    pass
