"""hash-index-pre-10: fires"""
# target: pg9.6
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_email_hash", "users", ["email"], postgresql_using="hash", postgresql_concurrently=True, if_not_exists=True)  # expect


def downgrade():
    pass
