"""domain-check-constraint: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER DOMAIN positive ADD CONSTRAINT positive_check CHECK (VALUE > 0)")  # expect


def downgrade():
    pass
