"""mysql-fulltext-spatial: does not fire"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_name_idx", "users", ["name"])


def downgrade():
    pass
