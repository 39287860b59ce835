"""sqlite-fk-pragma-in-tx: fires"""
# target: sqlite
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("PRAGMA foreign_keys = OFF")  # expect


def downgrade():
    pass
