"""migration-time-budget: fires"""
# target: pg16
# hot: events
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("events_payload_idx", "events", ["payload"], postgresql_concurrently=True, if_not_exists=True)  # expect


def downgrade():
    pass
