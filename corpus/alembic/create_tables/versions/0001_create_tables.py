"""create users and posts

Revision ID: 0001
Revises:
Create Date: 2024-01-01 12:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(255), nullable=False, unique=True),
        sa.Column("name", sa.String(100), comment="display name"),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("score", sa.Numeric(10, 2), server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        comment="people who log in",
    )
    op.create_table(
        "posts",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.PrimaryKeyConstraint("id", name="pk_posts"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_posts_user", ondelete="CASCADE"),
        sa.UniqueConstraint("user_id", "title", name="uq_posts_user_title"),
        sa.CheckConstraint("length(title) > 0", name="ck_posts_title"),
        sa.Index("ix_posts_published", "published"),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.String(50), index=True),
        sa.Column("post_id", sa.BigInteger, sa.ForeignKey("posts.id", ondelete="SET NULL")),
    )


def downgrade():
    op.drop_table("tags")
    op.drop_table("posts")
    op.drop_table("users")
