//! Add a unique constraint on `t(cols)` (catalogue §2.6):
//!
//! * PostgreSQL: expand builds `CREATE UNIQUE INDEX CONCURRENTLY` under the constraint's name
//!   (outside a transaction; fails if a duplicate exists or arrives), once the duplicate count is
//!   0; migrate turns it into the constraint with `ADD CONSTRAINT … UNIQUE USING INDEX` (brief
//!   lock, no scan) once the index is valid. A failed build leaves an INVALID index: drop it
//!   (`DROP INDEX CONCURRENTLY`) and run expand again.
//! * MySQL / MariaDB: `ADD CONSTRAINT … UNIQUE (…), ALGORITHM=INPLACE, LOCK=NONE` once the
//!   duplicate count is 0 (writes continue during the build; a duplicate arriving meanwhile fails it).
//! * SQLite adds a table-level UNIQUE only by rebuilding the table, but a unique index enforces
//!   the same without a copy: migrate runs `CREATE UNIQUE INDEX IF NOT EXISTS` under the
//!   constraint's name once the duplicate count is 0 (the build holds the write lock; readers
//!   continue in WAL mode). Migrate, not expand, like the other SQLite constraint recipes: a
//!   table rebuild replaces the table as the plan replayed it, dropping indexes built by phases
//!   that ran before it out of the migration's order, so the SQLite steps keep that order. The result is not the plain migration's table: SQLite, and polymig's introspection
//!   and `drift`, tell a unique index (`DROP INDEX` removes it) from a table-level constraint
//!   (origin `u`, dropped only by a rebuild). Upserts (`ON CONFLICT (c)`), foreign keys referencing
//!   `c` and duplicate rejection work alike. The plan says so. No plan when another index already
//!   has the name (`IF NOT EXISTS` would skip the build) or for `NULLS NOT DISTINCT`, which SQLite
//!   lacks.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind, CreateIndex, Index, IndexPart, Operation};

/// Why the phase may add a unique key the linter warns about.
const CHECKED: &str = "polymig apply --phase counts the duplicates first and refuses while they are not 0";

/// The plan for one UNIQUE.
pub fn plan(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    let ConstraintKind::Unique { columns, nulls_not_distinct, deferrable: None } = &x.constraint.kind else {
        return None;
    };
    let named = cx.named(&x.table, &x.constraint)?;
    let name = named.name.clone()?;
    if cx.target.sqlite() && (*nulls_not_distinct || cx.before.table_of_index(&name).is_some()) {
        return None;
    }
    let t = cx.qn(&x.table);
    let cols = columns.iter().map(|c| cx.q(c)).collect::<Vec<_>>().join(", ");
    let all_set = columns.iter().map(|c| format!("{} IS NOT NULL", cx.q(c))).collect::<Vec<_>>().join(" AND ");
    let filter = if *nulls_not_distinct { String::new() } else { format!(" WHERE {all_set}") };
    let duplicates =
        format!("SELECT count(*) FROM (SELECT 1 FROM {t}{filter} GROUP BY {cols} HAVING count(*) > 1) AS duplicates");
    let dedupe = "remove the duplicates (the query below) and deploy code that writes no new ones";
    let mut note = String::new();
    let phases = if cx.target.sqlite() {
        let index = Index {
            name: Some(name.clone()),
            table: x.table.clone(),
            parts: columns.iter().map(IndexPart::column).collect(),
            unique: true,
            method: None,
            predicate: None,
            include: Vec::new(),
            nulls_not_distinct: false,
        };
        let create = CreateIndex { index, concurrently: false, if_not_exists: true };
        note = " as a unique index (SQLite adds a table-level UNIQUE only by rebuilding the table; the index \
                rejects the same duplicates, but SQLite and `polymig drift` list it as an index, not as the \
                plain migration's constraint)"
            .to_string();
        vec![
            Phase::new(PhaseKind::Migrate, cx.render(vec![Operation::CreateIndex(create)])?, dedupe)
                .verify(duplicates)
                .allowing("unique-may-fail", CHECKED),
        ]
    } else if cx.target.pg() {
        let index = cx.qn(&Cx::sibling(&x.table, name.clone()));
        let nnd = if *nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" };
        vec![
            Phase::new(
                PhaseKind::Expand,
                vec![format!("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {t} ({cols}){nnd}")],
                dedupe,
            )
            .verify(duplicates)
            .allowing("unique-may-fail", CHECKED),
            Phase::new(
                PhaseKind::Migrate,
                vec![format!("ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE USING INDEX {}", cx.q(&name), cx.q(&name))],
                "nothing: the index is valid (checked below)",
            )
            .verify(cx.pg_index_not_ready(&x.table, &name)),
        ]
    } else {
        let add = AddConstraint { table: x.table.clone(), constraint: named, not_valid: false };
        let mut statements = cx.render(vec![crate::ir::Operation::AddConstraint(add)])?;
        for s in &mut statements {
            s.push_str(", ALGORITHM=INPLACE, LOCK=NONE");
        }
        vec![Phase::new(PhaseKind::Expand, statements, dedupe).verify(duplicates).allowing("unique-may-fail", CHECKED)]
    };
    Some(Plan {
        recipe: "add-unique",
        operation: format!("add unique {name} on {}({}){note}", x.table, columns.join(", ")),
        phases,
    })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(200));";
    const CHANGE: &str = "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);";

    #[test]
    fn postgres_builds_the_index_concurrently_then_attaches_it() {
        let got = lines(SETUP, CHANGE, "pg16");
        assert_eq!(
            got[..2],
            [
                "expand verify: SELECT count(*) FROM (SELECT 1 FROM \"users\" WHERE \"email\" IS NOT NULL GROUP BY \"email\" HAVING count(*) > 1) AS duplicates",
                "expand: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"users_email_key\" ON \"users\" (\"email\")",
            ]
        );
        assert!(got[2].starts_with("migrate verify: SELECT count(*) FROM pg_index"), "{got:#?}");
        assert!(got[2].contains("c.relname = 'users_email_key' AND n.nspname = current_schema()"), "{got:#?}");
        assert_eq!(
            got[3],
            "migrate: ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_key\" UNIQUE USING INDEX \"users_email_key\""
        );
    }

    #[test]
    fn mysql_adds_it_inplace() {
        assert_eq!(
            lines(SETUP, CHANGE, "mysql8.4"),
            [
                "expand verify: SELECT count(*) FROM (SELECT 1 FROM `users` WHERE `email` IS NOT NULL GROUP BY `email` HAVING count(*) > 1) AS duplicates",
                "expand: ALTER TABLE `users` ADD CONSTRAINT `users_email_key` UNIQUE (`email`), ALGORITHM=INPLACE, LOCK=NONE",
            ]
        );
    }

    #[test]
    fn sqlite_builds_a_unique_index_under_the_constraint_name_and_says_so() {
        assert_eq!(
            lines(SETUP, CHANGE, "sqlite"),
            [
                "migrate verify: SELECT count(*) FROM (SELECT 1 FROM \"users\" WHERE \"email\" IS NOT NULL GROUP BY \"email\" HAVING count(*) > 1) AS duplicates",
                "migrate: CREATE UNIQUE INDEX IF NOT EXISTS \"users_email_key\" ON \"users\" (\"email\")",
            ]
        );
        let p = &plans(SETUP, CHANGE, "sqlite")[0];
        assert!(p.operation.contains("as a unique index"), "{}", p.operation);
        // An unnamed UNIQUE gets SQLite's default name; an index already named so is not built over.
        let got = lines(SETUP, "ALTER TABLE users ADD UNIQUE (email);", "sqlite");
        assert!(got[1].contains("INDEX IF NOT EXISTS \"users_email_key\""), "{got:#?}");
        let taken = format!("{SETUP} CREATE TABLE others (id bigint); CREATE INDEX users_email_key ON others (id);");
        assert!(plans(&taken, CHANGE, "sqlite").is_empty());
    }

    /// A table rebuild planned earlier in the migration runs before the index, which it would
    /// otherwise drop with the old table.
    #[test]
    fn sqlite_keeps_the_migration_order_around_a_rebuild() {
        let change = format!("ALTER TABLE users ALTER COLUMN email SET NOT NULL; {CHANGE}");
        let files = crate::plan::layout::files("2", &plans(SETUP, &change, "sqlite"), &"sqlite".parse().unwrap());
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["201_migrate_set_not_null.sql", "202_migrate_add_unique.sql"]);
    }
}
