"""check-without-not-valid: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_check_constraint("users_age_max", "users", "age < 200")  # expect


def downgrade():
    pass
