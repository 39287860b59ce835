"""base"""
from alembic import op
import sqlalchemy as sa

revision = "base1"
down_revision = None


def upgrade():
    op.create_table("a", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("a")
