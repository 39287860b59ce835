"""mysql-expression-default: fires"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("token", sa.String(36), server_default=sa.text("(uuid())")))  # expect


def downgrade():
    pass
