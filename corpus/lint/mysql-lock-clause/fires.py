"""mysql-lock-clause: fires"""
# target: mysql8.0
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TABLE users ADD INDEX users_email_idx (email), LOCK=EXCLUSIVE")  # expect


def downgrade():
    pass
