"""enum types"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "n1"
down_revision = None

mood = postgresql.ENUM("happy", "sad", name="mood", create_type=False)


def upgrade():
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("status", sa.Enum("open", "closed", name="ticket_status"), nullable=False),
        sa.Column("kind", sa.Enum("bug", "feature", name="ticket_kind", native_enum=False)),
    )
    mood.create(op.get_bind(), checkfirst=True)
    op.add_column("tickets", sa.Column("mood", mood))


def downgrade():
    op.drop_column("tickets", "mood")
    mood.drop(op.get_bind(), checkfirst=True)
    op.drop_table("tickets")
    sa.Enum(name="ticket_status").drop(op.get_bind(), checkfirst=True)
