"""tables named by the project's naming convention"""
from alembic import op
import sqlalchemy as sa

revision = "n1"
down_revision = None

# The project's MetaData(naming_convention=...): unnamed constraints and indexes get these names.
convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=convention)


def upgrade():
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(40), nullable=False, unique=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.CheckConstraint("size > 0", name="positive_size"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("email", sa.String(120), nullable=False, index=True),
        sa.Column("first", sa.String(40)),
        sa.Column("last", sa.String(40)),
        sa.UniqueConstraint("first", "last"),
        sa.CheckConstraint("length(email) > 3", name=op.f("ck_members_email_len")),
    )
    op.create_unique_constraint(None, "teams", ["size", "slug"])
    op.create_index(None, "members", ["last"])
    op.add_column("members", sa.Column("lead_id", sa.Integer, sa.ForeignKey("members.id")))
    # A written name goes through a rule that uses %(constraint_name)s: ck_teams_at_most_99.
    op.create_check_constraint("at_most_99", "teams", "size < 100")
    # Generated names longer than the dialect allows are cut with an MD5 suffix, differently
    # for PostgreSQL (63) and MySQL (64); SQLite keeps the whole name.
    op.create_table(
        "membership_history_entries_for_auditing",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("membership_identifier_in_the_old_system", sa.Integer),
        sa.Column("membership_identifier_in_the_new_system", sa.Integer),
        sa.UniqueConstraint("membership_identifier_in_the_old_system", "membership_identifier_in_the_new_system"),
    )


def downgrade():
    # Dropped as ck_teams_at_most_99 (Alembic applies the rule on drop too; MariaDB cannot run
    # the `DROP CHECK` Alembic writes for MySQL, so this stays out of upgrade()).
    op.drop_constraint("at_most_99", "teams", type_="check")
    op.drop_constraint("fk_members_lead_id_members", "members", type_="foreignkey")
    op.drop_column("members", "lead_id")
    op.drop_index("ix_members_last", table_name="members")
    op.drop_constraint("uq_teams_size_slug", "teams", type_="unique")
    op.drop_table("membership_history_entries_for_auditing")
    op.drop_table("members")
    op.drop_table("teams")
