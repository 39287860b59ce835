//! Drop column `t.c` (catalogue §2.8), contract only: the application stops reading and writing
//! `c` first (Rails `ignored_columns`, Django `SeparateDatabaseAndState`, removing the field from
//! the SQLAlchemy / TypeORM / Prisma model while keeping the column), then the column goes.
//!
//! When `c` is NOT NULL without a default, the new code's inserts would fail before the drop, so
//! an expand phase drops NOT NULL first. The contract is the plain drop as the exporter writes it
//! (PostgreSQL: brief lock, metadata only; MySQL 8.0.29+ / MariaDB 10.4+: INSTANT; SQLite 3.35+:
//! rewrite). No data check can prove code stopped using a column: the usage query over the
//! server's statement statistics is shown for the operator to read after the deploy.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AlterColumn, DropColumn, Operation};

/// The plan for one column drop.
pub fn plan(x: &DropColumn, cx: &Cx<'_>) -> Option<Plan> {
    let table = cx.table(&x.table)?;
    let col = table.column(&x.column)?;
    let mut phases = Vec::new();
    let mut state = cx.before.clone();
    let stop = format!(
        "deploy code that neither reads nor writes `{}` (Rails `ignored_columns`, Django \
         `SeparateDatabaseAndState`, the field removed from the model)",
        x.column
    );
    if !col.nullable && col.default.is_none() && !cx.target.sqlite() {
        let relax = AlterColumn {
            table: x.table.clone(),
            column: x.column.clone(),
            data_type: None,
            using: None,
            nullable: Some(true),
            default: None,
            comment: None,
        };
        phases.push(Phase::new(PhaseKind::Expand, cx.render(vec![Operation::AlterColumn(relax.clone())])?, "nothing"));
        state = cx.after(&state, relax)?;
    }
    phases.push(
        Phase::new(
            PhaseKind::Contract,
            cx.render_on(vec![Operation::DropColumn(x.clone())], &state)?,
            format!("{stop}; every instance runs it: no statement has used `{}` since", x.column),
        )
        .usage(cx.usage_query(&x.table.name, &x.column))
        .allowing(
            "drop-column-in-use",
            "this is the post-deploy drop: it runs once the code no longer uses the column",
        ),
    );
    if phases.len() == 2 {
        phases[0].before = format!("nothing: inserts that leave `{}` out work from now on", x.column);
        phases[1].before = stop + "; no statement has used it since";
    }
    Some(Plan { recipe: "drop-column", operation: format!("drop {}.{}", x.table, x.column), phases })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    #[test]
    fn a_not_null_column_without_default_loses_not_null_first() {
        let setup = "CREATE TABLE users (id bigint PRIMARY KEY, legacy text NOT NULL);";
        assert_eq!(
            lines(setup, "ALTER TABLE users DROP COLUMN legacy;", "pg16"),
            [
                "expand: ALTER TABLE \"users\" ALTER COLUMN \"legacy\" DROP NOT NULL",
                "contract: ALTER TABLE \"users\" DROP COLUMN \"legacy\"",
            ]
        );
        let p = &plans(setup, "ALTER TABLE users DROP COLUMN legacy;", "pg16")[0];
        assert!(p.phases[1].before.contains("ignored_columns"));
        assert!(p.phases[1].usage_check.as_deref().is_some_and(|q| q.contains("pg_stat_statements")));
    }

    #[test]
    fn a_nullable_column_is_contract_only() {
        let setup = "CREATE TABLE users (id bigint PRIMARY KEY, legacy text);";
        assert_eq!(
            lines(setup, "ALTER TABLE users DROP COLUMN legacy;", "mysql8.4"),
            ["contract: ALTER TABLE `users` DROP COLUMN `legacy`"]
        );
    }
}
