"""rename-enum-value: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy'")  # expect


def downgrade():
    pass
