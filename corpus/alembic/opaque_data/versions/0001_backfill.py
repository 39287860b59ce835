"""backfill with ORM code"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm

revision = "o1"
down_revision = None


def upgrade():
    op.create_table("people", sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(50)))
    bind = op.get_bind()
    session = orm.Session(bind=bind)
    for person in session.query(Person).all():
        person.name = person.name.title()
    session.commit()
    inspector = sa.inspect(bind)
    if "legacy_people" in inspector.get_table_names():
        op.drop_table("legacy_people")
    op.execute(people.update().values(name="x"))
    for row in bind.execute(sa.select(sa.text("id")).select_from(sa.table("people"))):
        op.execute(f"UPDATE people SET name = 'p{row.id}' WHERE id = {row.id}")


def downgrade():
    raise NotImplementedError("cannot undo the backfill")
