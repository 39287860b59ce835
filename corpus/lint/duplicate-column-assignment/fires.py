"""duplicate-column-assignment: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("UPDATE users SET name = 'a', name = 'b' WHERE id = 1")  # expect


def downgrade():
    pass
