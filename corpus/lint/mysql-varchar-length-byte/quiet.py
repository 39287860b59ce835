"""mysql-varchar-length-byte: does not fire"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.alter_column("users", "status", existing_type=sa.String(20), type_=sa.String(60))


def downgrade():
    pass
