"""backfill-in-ddl-transaction: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("plan", sa.Text()))
    op.execute("UPDATE users SET plan = 'free' WHERE id = 1")  # expect


def downgrade():
    pass
