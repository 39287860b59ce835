"""exclusion-constraint: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TABLE users ADD CONSTRAINT users_no_overlap EXCLUDE USING gist (age WITH =)")  # expect


def downgrade():
    pass
