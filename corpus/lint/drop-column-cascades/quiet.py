"""drop-column-cascades: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.drop_column("users", "name")


def downgrade():
    pass
