"""set-not-null-scan: does not fire"""
# target: pg16
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"


def upgrade():
    op.execute("ALTER TABLE users VALIDATE CONSTRAINT users_email_nn")
    op.alter_column("users", "email", existing_type=sa.String(100), nullable=False)


def downgrade():
    pass
