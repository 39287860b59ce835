//! Add a primary key on `t(cols)` of an existing table (catalogue A18):
//!
//! * PostgreSQL: `ADD PRIMARY KEY` builds its index under ACCESS EXCLUSIVE and, for nullable
//!   columns, scans the table to set NOT NULL. Instead, expand adds `CHECK (c IS NOT NULL) NOT
//!   VALID` for the nullable columns (brief lock; new rows checked) and builds the unique index
//!   with `CREATE UNIQUE INDEX CONCURRENTLY` under the key's name, once there are no duplicates
//!   and no NULLs; migrate validates the CHECK (SHARE UPDATE EXCLUSIVE), sets NOT NULL (PostgreSQL
//!   12+ proves it from the validated CHECK, no scan) and attaches the index with `ADD CONSTRAINT
//!   … PRIMARY KEY USING INDEX` (brief lock, no build); contract drops the CHECK.
//! * MySQL / MariaDB: `ADD PRIMARY KEY (…), ALGORITHM=INPLACE, LOCK=NONE` (an online rebuild;
//!   writes continue) once there are no duplicates and no NULLs.
//! * SQLite changes a primary key only by rebuilding the table: no recipe.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind, Operation};

/// Why the expand phase may build a unique index the linter warns about.
const CHECKED: &str = "polymig apply --phase counts duplicates and NULLs first and refuses while they are not 0";

/// The plan for one ADD PRIMARY KEY.
pub fn plan(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    let ConstraintKind::PrimaryKey { columns } = &x.constraint.kind else { return None };
    if cx.target.sqlite() {
        return None;
    }
    let table = cx.table(&x.table)?;
    let named = cx.named(&x.table, &x.constraint)?;
    let name = named.name.clone()?;
    let t = cx.qn(&x.table);
    let cols = columns.iter().map(|c| cx.q(c)).collect::<Vec<_>>().join(", ");
    let nullable: Vec<&String> = columns.iter().filter(|c| table.column(c).is_none_or(|col| col.nullable)).collect();
    let any_null = columns.iter().map(|c| format!("{} IS NULL", cx.q(c))).collect::<Vec<_>>().join(" OR ");
    let blockers = format!(
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM {t} GROUP BY {cols} HAVING count(*) > 1) AS duplicates) + \
         (SELECT count(*) FROM {t} WHERE {any_null})"
    );
    let before = "remove duplicate and NULL keys (the query below) and deploy code that always writes a unique key";
    let operation = format!("add primary key {name} on {}({})", x.table, columns.join(", "));
    if !cx.target.pg() {
        let add = AddConstraint { table: x.table.clone(), constraint: named, not_valid: false };
        let mut statements = cx.render(vec![Operation::AddConstraint(add)])?;
        for s in &mut statements {
            s.push_str(", ALGORITHM=INPLACE, LOCK=NONE");
        }
        let expand = Phase::new(PhaseKind::Expand, statements, before)
            .verify(blockers)
            .allowing("unique-may-fail", CHECKED)
            .allowing(
                "primary-key-blocking",
                "the columns are NOT NULL already or checked free of NULLs first: an online INPLACE rebuild",
            );
        return Some(Plan { recipe: "add-primary-key", operation, phases: vec![expand] });
    }
    let check_name = format!("{}_pkey_not_null", x.table.name);
    let check = cx.q(&check_name);
    let mut phases = Vec::new();
    if !nullable.is_empty() {
        let all_set = nullable.iter().map(|c| format!("{} IS NOT NULL", cx.q(c))).collect::<Vec<_>>().join(" AND ");
        phases.push(Phase::new(
            PhaseKind::Expand,
            vec![format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({all_set}) NOT VALID")],
            "deploy code that always writes the key",
        ));
    }
    // CONCURRENTLY runs outside a transaction: a phase file of its own.
    let index = cx.qn(&Cx::sibling(&x.table, name.clone()));
    let build = vec![format!("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {t} ({cols})")];
    let mut migrate = Vec::new();
    if !nullable.is_empty() {
        migrate.push(format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}"));
        for c in &nullable {
            migrate.push(format!("ALTER TABLE {t} ALTER COLUMN {} SET NOT NULL", cx.q(c)));
        }
    }
    migrate.push(format!("ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY USING INDEX {}", cx.q(&name), cx.q(&name)));
    let index_valid = cx.pg_index_not_ready(&x.table, &name);
    phases.push(
        Phase::new(PhaseKind::Expand, build, before).verify(blockers.clone()).allowing("unique-may-fail", CHECKED),
    );
    phases.push(
        Phase::new(PhaseKind::Migrate, migrate, "nothing: the index is valid and the keys are set (checked below)")
            .verify(format!("SELECT ({index_valid}) + ({blockers})")),
    );
    if !nullable.is_empty() {
        phases.push(Phase::new(
            PhaseKind::Contract,
            vec![format!("ALTER TABLE {t} DROP CONSTRAINT {check}")],
            "nothing: NOT NULL now holds the rule the CHECK held",
        ));
    }
    Some(Plan { recipe: "add-primary-key", operation, phases })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str = "CREATE TABLE events (id bigint, code varchar(20) NOT NULL);";
    const CHANGE: &str = "ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);";

    #[test]
    fn postgres_checks_not_null_builds_the_index_concurrently_then_attaches_it() {
        let got = lines(SETUP, CHANGE, "pg16");
        let want_start = [
            "expand: ALTER TABLE \"events\" ADD CONSTRAINT \"events_pkey_not_null\" CHECK (\"id\" IS NOT NULL) NOT VALID",
            "expand verify: SELECT (SELECT count(*) FROM (SELECT 1 FROM \"events\" GROUP BY \"id\" HAVING count(*) > 1) AS duplicates) + (SELECT count(*) FROM \"events\" WHERE \"id\" IS NULL)",
            "expand: CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"events_pkey\" ON \"events\" (\"id\")",
        ];
        assert_eq!(got[..3], want_start, "{got:#?}");
        assert!(got[3].starts_with("migrate verify: SELECT (SELECT count(*) FROM pg_index"), "{got:#?}");
        assert_eq!(
            got[4..],
            [
                "migrate: ALTER TABLE \"events\" VALIDATE CONSTRAINT \"events_pkey_not_null\"",
                "migrate: ALTER TABLE \"events\" ALTER COLUMN \"id\" SET NOT NULL",
                "migrate: ALTER TABLE \"events\" ADD CONSTRAINT \"events_pkey\" PRIMARY KEY USING INDEX \"events_pkey\"",
                "contract: ALTER TABLE \"events\" DROP CONSTRAINT \"events_pkey_not_null\"",
            ]
        );
    }

    #[test]
    fn a_not_null_key_needs_no_check_and_mariadb_adds_it_inplace() {
        let got = lines(SETUP, "ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (code);", "pg16");
        assert!(got.iter().all(|l| !l.contains("_not_null")), "{got:#?}");
        assert_eq!(
            got.last().map(String::as_str),
            Some(
                "migrate: ALTER TABLE \"events\" ADD CONSTRAINT \"events_pkey\" PRIMARY KEY USING INDEX \"events_pkey\""
            )
        );
        let my = lines(SETUP, CHANGE, "mariadb11.4");
        assert_eq!(my.len(), 2, "{my:#?}");
        assert!(
            my[1].starts_with("expand: ALTER TABLE `events` ADD") && my[1].ends_with(", ALGORITHM=INPLACE, LOCK=NONE"),
            "{my:#?}"
        );
        assert!(plans(SETUP, CHANGE, "sqlite").is_empty());
    }
}
