"""db-default-dropped-early: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=False, server_default="free"))
    op.alter_column("users", "plan", existing_type=sa.Text(), server_default=None)  # expect


def downgrade():
    pass
