"""extension-change: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # expect


def downgrade():
    pass
