//! Add NOT NULL to an existing `t.c` on PostgreSQL (catalogue §2.4): expand adds
//! `CHECK (c IS NOT NULL) NOT VALID` (brief lock; new rows checked), migrate validates it after the
//! NULLs are backfilled (SHARE UPDATE EXCLUSIVE: traffic continues), contract sets NOT NULL, which
//! PostgreSQL 12+ proves from the validated CHECK without a scan, and drops the CHECK. Before 12 the
//! plan stops after validation and keeps the CHECK. PostgreSQL 18+ has the constraint itself:
//! expand adds `CONSTRAINT c_not_null NOT NULL c NOT VALID`, migrate validates it, and the column
//! is NOT NULL with no CHECK to drop. Other databases: no recipe (MySQL/MariaDB's
//! `MODIFY … NOT NULL` is already an online INPLACE rebuild).

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::AlterColumn;

/// The plan for one SET NOT NULL.
pub fn plan(x: &AlterColumn, cx: &Cx<'_>) -> Option<Plan> {
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

#[cfg(test)]
mod tests {
    use crate::plan::testing::lines;

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
}
