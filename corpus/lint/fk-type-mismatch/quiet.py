"""fk-type-mismatch: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    op.create_table("memberships", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("org_id", sa.BigInteger(), sa.ForeignKey("orgs.id")))


def downgrade():
    pass
