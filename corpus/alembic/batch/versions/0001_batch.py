"""batch changes for sqlite"""
from alembic import op
import sqlalchemy as sa

revision = "b1"
down_revision = None


def upgrade():
    op.create_table(
        "items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sku", sa.String(20), nullable=False),
        sa.Column("price", sa.Integer()),
        sa.Column("old", sa.String(5)),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("qty", sa.Integer(), server_default="0", nullable=False))
        batch_op.alter_column("price", existing_type=sa.Integer(), nullable=False, server_default="0")
        batch_op.drop_column("old")
        batch_op.create_unique_constraint("uq_items_sku", ["sku"])
        batch_op.create_index("ix_items_price", ["price"])


def downgrade():
    with op.batch_alter_table("items") as batch_op:
        batch_op.drop_index("ix_items_price")
        batch_op.drop_constraint("uq_items_sku", type_="unique")
        batch_op.add_column(sa.Column("old", sa.String(5)))
        batch_op.alter_column("price", existing_type=sa.Integer(), nullable=True, server_default=None)
        batch_op.drop_column("qty")
    op.drop_table("items")
