"""mysql-not-null-implicit-fill: does not fire"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("score", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    pass
