"""drop-table-in-use: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_table("drafts", sa.Column("a", sa.Integer()))
    op.drop_table("drafts")


def downgrade():
    pass
