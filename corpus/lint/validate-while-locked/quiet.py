"""validate-while-locked: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT users_age_check")


def downgrade():
    pass
