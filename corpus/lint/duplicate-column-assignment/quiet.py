"""duplicate-column-assignment: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("UPDATE users SET name = 'a', email = 'b' WHERE id = 1")


def downgrade():
    pass
