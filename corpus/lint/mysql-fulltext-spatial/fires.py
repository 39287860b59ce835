"""mysql-fulltext-spatial: fires"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_name_ft", "users", ["name"], mysql_prefix="FULLTEXT")  # expect


def downgrade():
    pass
