"""mysql-not-null-non-strict: does not fire"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'")
    op.alter_column("users", "email", existing_type=sa.String(100), nullable=False)


def downgrade():
    pass
