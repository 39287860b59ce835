"""concurrent-index-pg14-bug: does not fire"""
# target: pg14.4
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_email_idx", "users", ["email"], postgresql_concurrently=True, if_not_exists=True)


def downgrade():
    pass
