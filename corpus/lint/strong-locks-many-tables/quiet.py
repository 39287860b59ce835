"""strong-locks-many-tables: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("a", sa.Integer()))
    op.add_column("users", sa.Column("b", sa.Integer()))


def downgrade():
    pass
