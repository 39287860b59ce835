"""detach-partition-not-concurrent: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY")


def downgrade():
    pass
