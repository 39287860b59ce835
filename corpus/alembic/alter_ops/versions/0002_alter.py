"""alter accounts

Revision ID: a2
Revises: a1
"""
from alembic import op
import sqlalchemy as sa

revision = "a2"
down_revision = "a1"


def upgrade():
    op.add_column("accounts", sa.Column("region_id", sa.Integer(), nullable=True))
    op.add_column("accounts", sa.Column("email", sa.String(120), unique=True))
    op.alter_column("accounts", "name", existing_type=sa.String(50), type_=sa.String(100), existing_nullable=False)
    op.alter_column("accounts", "code", existing_type=sa.String(10), nullable=False, server_default="none")
    op.alter_column("accounts", "legacy", existing_type=sa.Text(), new_column_name="notes")
    op.create_foreign_key("fk_accounts_region", "accounts", "regions", ["region_id"], ["id"], ondelete="SET NULL")
    op.create_unique_constraint("uq_accounts_code", "accounts", ["code"])
    op.create_check_constraint("ck_accounts_name", "accounts", "length(name) > 1")
    op.create_index(op.f("ix_accounts_region_id"), "accounts", ["region_id"], unique=False)
    op.create_index("ix_accounts_lower_name", "accounts", [sa.text("lower(name)")])
    op.create_table_comment("accounts", "customer accounts")
    op.rename_table("regions", "areas")


def downgrade():
    op.rename_table("areas", "regions")
    op.drop_table_comment("accounts", existing_comment="customer accounts")
    op.drop_index("ix_accounts_lower_name", table_name="accounts")
    op.drop_index(op.f("ix_accounts_region_id"), table_name="accounts")
    op.drop_constraint("ck_accounts_name", "accounts", type_="check")
    op.drop_constraint("uq_accounts_code", "accounts", type_="unique")
    op.drop_constraint("fk_accounts_region", "accounts", type_="foreignkey")
    op.alter_column("accounts", "notes", existing_type=sa.Text(), new_column_name="legacy")
    op.alter_column("accounts", "code", existing_type=sa.String(10), nullable=True, server_default=None)
    op.alter_column("accounts", "name", existing_type=sa.String(100), type_=sa.String(50), existing_nullable=False)
    op.drop_column("accounts", "email")
    op.drop_column("accounts", "region_id")
