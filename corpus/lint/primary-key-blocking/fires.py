"""primary-key-blocking: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_primary_key("audit_pkey", "audit", ["at"])  # expect


def downgrade():
    pass
