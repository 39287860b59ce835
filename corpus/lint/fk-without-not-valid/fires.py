"""fk-without-not-valid: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_foreign_key("users_org_fk", "users", "orgs", ["org_id"], ["id"])  # expect


def downgrade():
    pass
