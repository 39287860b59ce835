"""primary keys, exclusion constraints, alter options, formatted SQL, bind execute, batch recreate"""
from alembic import op
import sqlalchemy as sa

revision = "m1"
down_revision = None

TABLE = "rooms"

# The table as it stands before the batch block: offline, batch mode copies from it instead of reflecting.
rooms = sa.Table(
    TABLE,
    sa.MetaData(),
    sa.Column("code", sa.String(10), nullable=False),
    sa.Column("floor", sa.Integer(), nullable=False),
    sa.Column("seats", sa.Integer(), nullable=False, server_default="0"),
    sa.PrimaryKeyConstraint("code", name="pk_rooms"),
)


def upgrade():
    op.create_table(
        TABLE,
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("floor", sa.String(10), nullable=False),
        sa.Column("seats", sa.Integer(), autoincrement=False, server_default="0"),
    )
    op.create_primary_key("pk_rooms", TABLE, ["code"])
    op.alter_column(
        TABLE,
        "floor",
        existing_type=sa.String(10),
        existing_nullable=False,
        type_=sa.Integer(),
        postgresql_using="floor::integer",
    )
    op.alter_column(TABLE, "seats", existing_type=sa.Integer(), existing_server_default="0", nullable=False)
    op.execute("UPDATE {} SET seats = 0 WHERE seats IS NULL".format(TABLE))
    op.get_bind().execute(sa.text("UPDATE rooms SET seats = 1 WHERE seats = 0"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.create_table(
            "bookings",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("room", sa.String(10), nullable=False),
            sa.Column("during", sa.dialects.postgresql.TSRANGE(), nullable=False),
        )
        op.create_exclude_constraint("no_overlap", "bookings", ("room", "="), ("during", "&&"))
    op.execute(f"UPDATE {TABLE} SET seats = seats + 1 WHERE floor > 0")
    with op.batch_alter_table(TABLE, recreate="always", copy_from=rooms) as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(50)))


def downgrade():
    with op.batch_alter_table(TABLE, recreate="always") as batch_op:
        batch_op.drop_column("note")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("bookings")
    op.alter_column(TABLE, "seats", existing_type=sa.Integer(), existing_server_default="0", nullable=True)
    op.alter_column(TABLE, "floor", existing_type=sa.Integer(), type_=sa.String(10), existing_nullable=False)
    op.drop_constraint("pk_rooms", TABLE, type_="primary")
    op.drop_table(TABLE)
