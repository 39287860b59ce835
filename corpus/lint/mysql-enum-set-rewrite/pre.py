"""preceding migration"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
    op.create_table("tickets", sa.Column("id", sa.BigInteger(), primary_key=True), sa.Column("state", sa.Enum("open", "closed")))


def downgrade():
    pass
