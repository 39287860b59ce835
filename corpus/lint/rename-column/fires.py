"""rename-column: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.alter_column("users", "name", new_column_name="full_name")  # expect


def downgrade():
    pass
