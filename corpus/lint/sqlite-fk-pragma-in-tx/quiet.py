"""sqlite-fk-pragma-in-tx: does not fire"""
# target: sqlite
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("PRAGMA foreign_keys = OFF")


def downgrade():
    pass
