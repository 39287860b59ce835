"""concurrently-in-transaction: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("nickname", sa.Text()))
    op.create_index("users_email_idx", "users", ["email"], postgresql_concurrently=True, if_not_exists=True)  # expect


def downgrade():
    pass
