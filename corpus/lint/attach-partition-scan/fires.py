"""attach-partition-scan: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TABLE events ATTACH PARTITION tags FOR VALUES FROM (1) TO (10)")  # expect


def downgrade():
    pass
