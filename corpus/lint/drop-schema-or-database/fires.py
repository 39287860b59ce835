"""drop-schema-or-database: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("DROP SCHEMA archive CASCADE")  # expect


def downgrade():
    pass
