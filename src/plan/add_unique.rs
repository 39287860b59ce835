//! Add a unique constraint on `t(cols)` (catalogue §2.6):
//!
//! * PostgreSQL: expand builds `CREATE UNIQUE INDEX CONCURRENTLY` under the constraint's name
//!   (outside a transaction; fails if a duplicate exists or arrives), once the duplicate count is
//!   0; migrate turns it into the constraint with `ADD CONSTRAINT … UNIQUE USING INDEX` (brief
//!   lock, no scan) once the index is valid. A failed build leaves an INVALID index: drop it
//!   (`DROP INDEX CONCURRENTLY`) and run expand again.
//! * MySQL / MariaDB: `ADD CONSTRAINT … UNIQUE (…), ALGORITHM=INPLACE, LOCK=NONE` once the
//!   duplicate count is 0 (writes continue during the build; a duplicate arriving meanwhile fails it).
//! * SQLite adds a unique constraint only by rebuilding the table: no recipe.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind};

/// Why the phase may add a unique key the linter warns about.
const CHECKED: &str = "polymig apply --phase counts the duplicates first and refuses while they are not 0";

/// The plan for one UNIQUE.
pub fn plan(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    let ConstraintKind::Unique { columns, nulls_not_distinct, deferrable: None } = &x.constraint.kind else {
        return None;
    };
    if cx.target.sqlite() {
        return None;
    }
    let named = cx.named(&x.table, &x.constraint)?;
    let name = named.name.clone()?;
    let t = cx.qn(&x.table);
    let cols = columns.iter().map(|c| cx.q(c)).collect::<Vec<_>>().join(", ");
    let all_set = columns.iter().map(|c| format!("{} IS NOT NULL", cx.q(c))).collect::<Vec<_>>().join(" AND ");
    let filter = if *nulls_not_distinct { String::new() } else { format!(" WHERE {all_set}") };
    let duplicates =
        format!("SELECT count(*) FROM (SELECT 1 FROM {t}{filter} GROUP BY {cols} HAVING count(*) > 1) AS duplicates");
    let dedupe = "remove the duplicates (the query below) and deploy code that writes no new ones";
    let phases = if cx.target.pg() {
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
        operation: format!("add unique {name} on {}({})", x.table, columns.join(", ")),
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
    fn mysql_adds_it_inplace_and_sqlite_has_no_recipe() {
        assert_eq!(
            lines(SETUP, CHANGE, "mysql8.4"),
            [
                "expand verify: SELECT count(*) FROM (SELECT 1 FROM `users` WHERE `email` IS NOT NULL GROUP BY `email` HAVING count(*) > 1) AS duplicates",
                "expand: ALTER TABLE `users` ADD CONSTRAINT `users_email_key` UNIQUE (`email`), ALGORITHM=INPLACE, LOCK=NONE",
            ]
        );
        assert!(plans(SETUP, CHANGE, "sqlite").is_empty());
    }
}
