"""identifier-too-long: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", sa.Integer()))  # expect


def downgrade():
    pass
