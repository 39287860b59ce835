"""right branch"""
from alembic import op
import sqlalchemy as sa

revision = "right3"
down_revision = "base1"
depends_on = "left2"


def upgrade():
    op.add_column("a", sa.Column("r", sa.Integer()))


def downgrade():
    op.drop_column("a", "r")
