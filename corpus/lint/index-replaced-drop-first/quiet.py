"""index-replaced-drop-first: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_index("users_org_id_email_idx", "users", ["org_id", "email"])
    op.drop_index("users_org_id_idx", table_name="users")


def downgrade():
    pass
