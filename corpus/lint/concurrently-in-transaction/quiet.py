"""concurrently-in-transaction: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("users_email_idx", "users", ["email"], postgresql_concurrently=True, if_not_exists=True)


def downgrade():
    pass
