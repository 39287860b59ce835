"""dialect branches, loops and helpers"""
from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None

AUDITED = ["orders", "invoices"]


def _audit_columns(table):
    op.add_column(table, sa.Column("created_by", sa.String(50)))
    op.add_column(table, sa.Column("updated_at", sa.DateTime(), server_default=sa.text("CURRENT_TIMESTAMP")))


def upgrade():
    for name in AUDITED:
        op.create_table(name, sa.Column("id", sa.Integer, primary_key=True))
        _audit_columns(name)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index(
            "ix_orders_recent", "orders", ["updated_at"], postgresql_where=sa.text("updated_at > '2020-01-01'")
        )
    elif bind.dialect.name == "mysql":
        op.create_index("ix_orders_recent", "orders", ["updated_at"])
    else:
        op.execute("CREATE INDEX ix_orders_recent ON orders (updated_at)")


def downgrade():
    if op.get_context().dialect.name != "sqlite":
        op.drop_index("ix_orders_recent", table_name="orders")
    for name in reversed(AUDITED):
        op.drop_table(name)
