"""sqlite-drop-column-restricted: does not fire"""
# target: sqlite
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.drop_column("users", "name")


def downgrade():
    pass
