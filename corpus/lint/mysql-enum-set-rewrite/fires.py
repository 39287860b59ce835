"""mysql-enum-set-rewrite: fires"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"


def upgrade():
    op.alter_column("tickets", "state", existing_type=sa.Enum("open", "closed"), type_=sa.Enum("closed", "open"))  # expect


def downgrade():
    pass
