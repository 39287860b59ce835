"""non-idempotent-step: fires"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("a", sa.Integer()))  # expect
    op.create_index("users_a", "users", ["a"])  # expect


def downgrade():
    pass
