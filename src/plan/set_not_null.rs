//! Add NOT NULL to an existing `t.c` (catalogue §2.4). PostgreSQL: expand adds
//! `CHECK (c IS NOT NULL) NOT VALID` (brief lock; new rows checked), migrate validates it after the
//! NULLs are backfilled (SHARE UPDATE EXCLUSIVE: traffic continues), contract sets NOT NULL, which
//! PostgreSQL 12+ proves from the validated CHECK without a scan, and drops the CHECK. Before 12 the
//! plan stops after validation and keeps the CHECK. PostgreSQL 18+ has the constraint itself:
//! expand adds `CONSTRAINT c_not_null NOT NULL c NOT VALID`, migrate validates it, and the column
//! is NOT NULL with no CHECK to drop.
//!
//! SQLite has no NOT VALID: once the NULLs are backfilled (the NULL count is 0), migrate runs
//! `ALTER TABLE … ALTER COLUMN c SET NOT NULL` on 3.53+ (a scan holding the write lock; readers
//! continue in WAL mode), or before 3.53 the exporter's table rebuild, the plain migration's SQL (after the
//! foreign key check the copy needs too, see `change_type::sqlite_rebuild`).
//!
//! MySQL / MariaDB: no recipe (`MODIFY … NOT NULL` is already an online INPLACE rebuild).

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AlterColumn, Operation};

/// Why SQLite 3.53's `SET NOT NULL` may scan the table.
const SCANNED: &str = "polymig apply --phase counts the NULLs first and refuses while they are not 0, so the scan \
                       fails only on a NULL written meanwhile (nothing changes then)";

/// The plan for one SET NOT NULL.
pub fn plan(x: &AlterColumn, cx: &Cx<'_>) -> Option<Plan> {
    if cx.target.sqlite() {
        return sqlite(x, cx);
    }
    if !cx.target.pg() {
        return None;
    }
    let t = cx.qn(&x.table);
    let c = cx.q(&x.column);
    let name = format!("{}_{}_not_null", x.table.name, x.column);
    let check = cx.q(&name);
    let backfill = format!("backfill the NULLs of `{}` in batches (polymig backfill)", x.column);
    let operation = format!("set {}.{} NOT NULL", x.table, x.column);
    if cx.target.at_least(18, 0) {
        let phases = vec![
            Phase::new(
                PhaseKind::Expand,
                vec![format!("ALTER TABLE {t} ADD CONSTRAINT {check} NOT NULL {c} NOT VALID")],
                format!("deploy code that always writes `{}`", x.column),
            ),
            Phase::new(PhaseKind::Migrate, vec![format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")], backfill)
                .verify(cx.count_where(&x.table, &format!("{c} IS NULL"))),
        ];
        return Some(Plan { recipe: "set-not-null", operation, phases });
    }
    let mut phases = vec![
        Phase::new(
            PhaseKind::Expand,
            vec![format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID")],
            format!("deploy code that always writes `{}`", x.column),
        ),
        Phase::new(PhaseKind::Migrate, vec![format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")], backfill)
            .verify(cx.count_where(&x.table, &format!("{c} IS NULL"))),
    ];
    if cx.target.at_least(12, 0) {
        phases.push(
            Phase::new(
                PhaseKind::Contract,
                vec![
                    format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL"),
                    format!("ALTER TABLE {t} DROP CONSTRAINT {check}"),
                ],
                "nothing: the validated CHECK lets SET NOT NULL skip its scan",
            )
            .verify(format!(
                "SELECT count(*) FROM pg_constraint WHERE conname = {} AND NOT convalidated",
                cx.lit(&name)
            )),
        );
    }
    Some(Plan { recipe: "set-not-null", operation, phases })
}

/// SQLite: after the NULL count, `SET NOT NULL` (3.53+) or the table rebuild.
fn sqlite(x: &AlterColumn, cx: &Cx<'_>) -> Option<Plan> {
    if !cx.table(&x.table)?.column(&x.column)?.nullable {
        return None;
    }
    let (t, c) = (cx.qn(&x.table), cx.q(&x.column));
    let nulls = cx.count_where(&x.table, &format!("{c} IS NULL"));
    let before = format!(
        "deploy code that always writes `{}`; backfill its NULLs in batches (polymig backfill) until the query \
         below returns 0",
        x.column
    );
    let phase = if cx.target.at_least(3, 53) {
        Phase::new(PhaseKind::Migrate, vec![format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL")], before)
            .verify(nulls)
            .allowing("set-not-null-scan", SCANNED)
    } else {
        let op = Operation::AlterColumn(x.clone());
        super::change_type::sqlite_rebuild(cx, &x.table, op, vec![nulls], before)?
    };
    Some(Plan {
        recipe: "set-not-null",
        operation: format!("set {}.{} NOT NULL", x.table, x.column),
        phases: vec![phase],
    })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plain, plans};

    const SETUP: &str = "CREATE TABLE t (id bigint PRIMARY KEY, c text);";
    const CHANGE: &str = "ALTER TABLE t ALTER COLUMN c SET NOT NULL;";

    #[test]
    fn postgres_18_adds_a_not_valid_not_null_constraint_and_validates_it() {
        let got = lines(
            "CREATE TABLE t (id bigint PRIMARY KEY, c text);",
            "ALTER TABLE t ALTER COLUMN c SET NOT NULL;",
            "pg18",
        );
        assert_eq!(
            got,
            [
                "expand: ALTER TABLE \"t\" ADD CONSTRAINT \"t_c_not_null\" NOT NULL \"c\" NOT VALID",
                "migrate verify: SELECT count(*) FROM \"t\" WHERE \"c\" IS NULL",
                "migrate: ALTER TABLE \"t\" VALIDATE CONSTRAINT \"t_c_not_null\"",
            ]
        );
        let pg17 = lines(
            "CREATE TABLE t (id bigint PRIMARY KEY, c text);",
            "ALTER TABLE t ALTER COLUMN c SET NOT NULL;",
            "pg17",
        );
        assert!(pg17[0].contains("CHECK (\"c\" IS NOT NULL) NOT VALID"), "{pg17:#?}");
    }

    #[test]
    fn sqlite_3_53_sets_not_null_by_alter_after_the_null_count() {
        assert_eq!(
            lines(SETUP, CHANGE, "sqlite3.53"),
            [
                "migrate verify: SELECT count(*) FROM \"t\" WHERE \"c\" IS NULL",
                "migrate: ALTER TABLE \"t\" ALTER COLUMN \"c\" SET NOT NULL",
            ]
        );
    }

    #[test]
    fn older_sqlite_rebuilds_after_the_null_count() {
        let p = &plans(SETUP, CHANGE, "sqlite")[0];
        assert_eq!(p.phases.len(), 1);
        let ph = &p.phases[0];
        assert_eq!(ph.verify_before.as_deref(), Some("SELECT count(*) FROM \"t\" WHERE \"c\" IS NULL"));
        assert_eq!(ph.statements, plain(SETUP, CHANGE, "sqlite"));
        assert!(ph.statements[0].contains("\"c\" text NOT NULL"), "{ph:#?}");
        // Already NOT NULL: nothing to plan.
        assert!(plans("CREATE TABLE t (id bigint PRIMARY KEY, c text NOT NULL);", CHANGE, "sqlite").is_empty());
    }

    /// A table other tables reference is rebuilt with foreign keys off (`polymig apply` switches
    /// them off around the transaction and checks them before COMMIT): every key is counted first.
    #[test]
    fn sqlite_rebuild_of_a_referenced_table_counts_every_foreign_key() {
        let setup =
            format!("{SETUP} CREATE TABLE u (id bigint PRIMARY KEY, t_id bigint REFERENCES t (id) ON DELETE CASCADE);");
        let got = lines(&setup, CHANGE, "sqlite");
        assert_eq!(
            got[0],
            "migrate verify: SELECT (SELECT count(*) FROM \"t\" WHERE \"c\" IS NULL) + (SELECT count(*) FROM pragma_foreign_key_check)"
        );
        assert_eq!(
            (got[1].as_str(), got.last().unwrap().as_str()),
            ("migrate: PRAGMA foreign_keys = OFF", "migrate: PRAGMA foreign_keys = ON")
        );
    }
}
