"""opaque-operation: fires"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0001"


def upgrade():
    bind = op.get_bind()
    for (name,) in bind.execute(sa.text("SELECT name FROM archived_tables")):  # expect
        op.drop_table(name)


def downgrade():
    pass
