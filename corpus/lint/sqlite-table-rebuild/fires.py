"""sqlite-table-rebuild: fires"""
# target: sqlite3.45
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.drop_constraint("users_age_check", "users", type_="check")  # expect


def downgrade():
    pass
