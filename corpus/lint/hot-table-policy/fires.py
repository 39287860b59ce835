"""hot-table-policy: fires"""
# target: pg16
# hot: users
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("a", sa.Integer()))  # expect


def downgrade():
    pass
