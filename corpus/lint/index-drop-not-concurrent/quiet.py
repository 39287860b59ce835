"""index-drop-not-concurrent: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.drop_index("users_org_id_idx", table_name="users", postgresql_concurrently=True, if_exists=True)


def downgrade():
    pass
