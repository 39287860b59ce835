"""raw SQL and seed data"""
from textwrap import dedent

from alembic import op
import sqlalchemy as sa

revision = "e1"
down_revision = None

TABLE = "settings"


def upgrade():
    settings = op.create_table(
        TABLE,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("value", sa.String(200)),
    )
    op.bulk_insert(settings, [{"id": 1, "name": "theme", "value": "dark"}, {"id": 2, "name": "motto", "value": "it's fine"}])
    op.execute(f"UPDATE {TABLE} SET value = upper(value) WHERE id = 1")
    op.execute(sa.text("DELETE FROM settings WHERE name = 'obsolete'"))
    conn = op.get_bind()
    conn.execute(sa.text(dedent("""
        INSERT INTO settings (id, name, value)
        VALUES (3, 'lang', 'en')
    """)))


def downgrade():
    op.drop_table(TABLE)
