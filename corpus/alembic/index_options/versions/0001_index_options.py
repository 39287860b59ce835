"""index options per dialect, run outside the transaction"""
from alembic import op
import sqlalchemy as sa

revision = "i1"
down_revision = None


def upgrade():
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_events_kind_live", "events", ["kind"], postgresql_where=sa.text("NOT deleted"), sqlite_where=sa.text("deleted = 0"))
    op.create_index("ix_events_kind_payload", "events", ["kind"], postgresql_include=["payload"])
    op.create_index("ix_events_kind_hash", "events", ["kind"], postgresql_using="hash")
    with op.get_context().autocommit_block():
        op.create_index("ix_events_id_kind", "events", ["id", "kind"], unique=True, postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_events_id_kind", table_name="events", postgresql_concurrently=True)
    op.drop_index("ix_events_kind_hash", table_name="events")
    op.drop_index("ix_events_kind_payload", table_name="events")
    op.drop_index("ix_events_kind_live", table_name="events")
    op.drop_table("events")
