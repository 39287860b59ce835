"""left branch"""
from alembic import op
import sqlalchemy as sa

revision = "left2"
down_revision = "base1"
branch_labels = ("left",)


def upgrade():
    op.add_column("a", sa.Column("l", sa.Integer()))


def downgrade():
    op.drop_column("a", "l")
