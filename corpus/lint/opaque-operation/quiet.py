"""opaque-operation: quiet"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("CREATE SCHEMA archive")


def downgrade():
    pass
