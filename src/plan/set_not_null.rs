//! Add NOT NULL to an existing `t.c` on PostgreSQL (catalogue §2.4): expand adds
//! `CHECK (c IS NOT NULL) NOT VALID` (brief lock; new rows checked), migrate validates it after the
//! NULLs are backfilled (SHARE UPDATE EXCLUSIVE: traffic continues), contract sets NOT NULL, which
//! PostgreSQL 12+ proves from the validated CHECK without a scan, and drops the CHECK. Before 12 the
//! plan stops after validation and keeps the CHECK. Other databases: no recipe (MySQL/MariaDB's
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
    let mut phases = vec![
        Phase::new(
            PhaseKind::Expand,
            vec![format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID")],
            format!("deploy code that always writes `{}`", x.column),
        ),
        Phase::new(
            PhaseKind::Migrate,
            vec![format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")],
            format!("backfill the NULLs of `{}` in batches (polymig backfill)", x.column),
        )
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
    Some(Plan { recipe: "set-not-null", operation: format!("set {}.{} NOT NULL", x.table, x.column), phases })
}
