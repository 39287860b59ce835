"""a file with a syntax error"""
from alembic import op
import sqlalchemy as sa

revision = "x1"
down_revision = None


def upgrade():
    op.create_table("ok", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("ok", sa.Column("n", sa.Integer()) +)
    op.add_column("ok", sa.Column("m", sa.Integer()))


def downgrade():
    op.drop_table("ok")
