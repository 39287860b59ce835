"""create-table-replaces: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.drop_table("drafts", if_exists=True)
    op.create_table("drafts", sa.Column("a", sa.Integer()))  # expect


def downgrade():
    pass
