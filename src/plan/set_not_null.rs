//! Add NOT NULL to an existing `t.c` on PostgreSQL (catalogue §2.4): expand adds
//! `CHECK (c IS NOT NULL) NOT VALID` (brief lock; new rows checked), migrate validates it after the
//! NULLs are backfilled (SHARE UPDATE EXCLUSIVE: traffic continues), contract sets NOT NULL, which
//! PostgreSQL 12+ proves from the validated CHECK without a scan, and drops the CHECK. Before 12 the
//! plan stops after validation and keeps the CHECK.

use super::{Phase, PhaseKind, Plan, ident, table};
use crate::ir::AlterColumn;
use crate::lint::Target;

/// The plan for one SET NOT NULL.
pub fn plan(x: &AlterColumn, target: &Target) -> Plan {
    let t = table(&x.table);
    let c = ident(&x.column);
    let name = format!("{}_{}_not_null", x.table.name, x.column);
    let check = ident(&name);
    let mut phases = vec![
        Phase {
            kind: PhaseKind::Expand,
            statements: vec![format!("ALTER TABLE {t} ADD CONSTRAINT {check} CHECK ({c} IS NOT NULL) NOT VALID")],
            verify_before: None,
            before: format!("deploy code that always writes `{}`", x.column),
        },
        Phase {
            kind: PhaseKind::Migrate,
            statements: vec![format!("ALTER TABLE {t} VALIDATE CONSTRAINT {check}")],
            verify_before: Some(format!("SELECT count(*) FROM {t} WHERE {c} IS NULL")),
            before: format!("backfill the NULLs of `{}` in batches (polymig backfill)", x.column),
        },
    ];
    if target.at_least(12, 0) {
        phases.push(Phase {
            kind: PhaseKind::Contract,
            statements: vec![
                format!("ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL"),
                format!("ALTER TABLE {t} DROP CONSTRAINT {check}"),
            ],
            verify_before: Some(format!(
                "SELECT count(*) FROM pg_constraint WHERE conname = '{}' AND NOT convalidated",
                name.replace('\'', "''")
            )),
            before: "nothing: the validated CHECK lets SET NOT NULL skip its scan".into(),
        });
    }
    Plan { recipe: "set-not-null", operation: format!("set {}.{} NOT NULL", x.table, x.column), phases }
}
