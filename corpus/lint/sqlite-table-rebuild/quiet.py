"""sqlite-table-rebuild: does not fire"""
# target: sqlite3.53
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.drop_constraint("users_age_check", "users", type_="check")


def downgrade():
    pass
