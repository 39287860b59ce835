"""hash-index-pre-10: does not fire"""
# target: pg10
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_email_hash", "users", ["email"], postgresql_using="hash", postgresql_concurrently=True, if_not_exists=True)


def downgrade():
    pass
