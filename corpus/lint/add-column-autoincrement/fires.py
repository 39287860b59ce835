"""add-column-autoincrement: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TABLE users ADD COLUMN seq serial")  # expect


def downgrade():
    pass
