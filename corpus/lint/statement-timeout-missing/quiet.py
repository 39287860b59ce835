"""statement-timeout-missing: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("SET statement_timeout = '5s'")


def downgrade():
    pass
