"""unique-constraint-blocking: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_unique_constraint("users_email_key", "users", ["email"])  # expect


def downgrade():
    pass
