"""unbatched-dml: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("UPDATE users SET status = 'new' WHERE id BETWEEN 1 AND 1000")


def downgrade():
    pass
