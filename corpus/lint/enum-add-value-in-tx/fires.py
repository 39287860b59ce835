"""enum-add-value-in-tx: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TYPE mood ADD VALUE 'calm'")  # expect
    op.add_column("users", sa.Column("m", sa.Text()))


def downgrade():
    pass
