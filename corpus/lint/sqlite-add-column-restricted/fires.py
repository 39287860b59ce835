"""sqlite-add-column-restricted: fires"""
# target: sqlite
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("seen", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")))  # expect


def downgrade():
    pass
