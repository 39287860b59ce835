"""rename-schema: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER SCHEMA app RENAME TO app2")  # expect


def downgrade():
    pass
