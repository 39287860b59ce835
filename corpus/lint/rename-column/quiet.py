"""rename-column: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_table("drafts", sa.Column("a", sa.Integer()))
    op.alter_column("drafts", "a", new_column_name="b")


def downgrade():
    pass
