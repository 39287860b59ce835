"""dialect types: postgresql.*, mysql.*, sqlite.* under dialect branches"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite

revision = "t1"
down_revision = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "docs",
            sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True, server_default=sa.text("gen_random_uuid()")),
            sa.Column("body", postgresql.JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb")),
            sa.Column("tags", postgresql.ARRAY(sa.String(20))),
            sa.Column("client", postgresql.INET()),
            sa.Column("search", postgresql.TSVECTOR()),
            sa.Column("seen_at", postgresql.TIMESTAMP(timezone=True), server_default=sa.func.now()),
            sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()),
        )
    elif op.get_bind().dialect.name == "mysql":
        op.create_table(
            "docs",
            sa.Column("id", mysql.CHAR(36), primary_key=True),
            sa.Column("body", mysql.JSON(), nullable=False),
            sa.Column("tags", mysql.VARCHAR(200)),
            sa.Column("client", mysql.VARBINARY(16)),
            sa.Column("search", mysql.MEDIUMTEXT()),
            sa.Column("seen_at", mysql.DATETIME(fsp=6), server_default=sa.func.now()),
            sa.Column("archived", mysql.TINYINT(1), nullable=False, server_default=sa.false()),
        )
    else:
        op.create_table(
            "docs",
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column("body", sqlite.JSON(), nullable=False),
            sa.Column("tags", sa.Text()),
            sa.Column("client", sa.String(45)),
            sa.Column("search", sa.Text()),
            sa.Column("seen_at", sqlite.DATETIME(), server_default=sa.func.now()),
            sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()),
        )


def downgrade():
    op.drop_table("docs")
