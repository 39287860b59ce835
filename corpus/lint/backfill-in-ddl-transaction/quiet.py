"""backfill-in-ddl-transaction: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_table("plans", sa.Column("name", sa.Text()))
    op.execute("INSERT INTO plans VALUES ('free')")


def downgrade():
    pass
