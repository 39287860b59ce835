"""unique-may-fail: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_email_key", "users", ["email"], unique=True, postgresql_concurrently=True, if_not_exists=True)  # expect


def downgrade():
    pass
