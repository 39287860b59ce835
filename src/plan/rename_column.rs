//! Rename column `t.old → t.new` on PostgreSQL by view swap (catalogue §2.1):
//! expand renames the table to `t__pm`, renames the column, and creates a view `t` exposing both
//! names (`SELECT *, new AS old`), which PostgreSQL keeps auto-updatable; contract drops the view
//! and gives the table its name back.

use super::{Phase, PhaseKind, Plan, ident, table};
use crate::ir::{QName, RenameColumn};
use crate::schema::Schema;

/// The plan for one rename.
pub fn plan(x: &RenameColumn, _before: &Schema) -> Plan {
    let t = table(&x.table);
    let shadow = QName { schema: x.table.schema.clone(), name: format!("{}__pm", x.table.name) };
    let s = table(&shadow);
    let (old, new) = (ident(&x.from), ident(&x.to));
    Plan {
        recipe: "rename-column",
        operation: format!("rename {}.{} to {}", x.table, x.from, x.to),
        phases: vec![
            Phase {
                kind: PhaseKind::Expand,
                statements: vec![
                    format!("ALTER TABLE {t} RENAME TO {}", ident(&shadow.name)),
                    format!("ALTER TABLE {s} RENAME COLUMN {old} TO {new}"),
                    format!("CREATE VIEW {t} AS SELECT *, {new} AS {old} FROM {s}"),
                ],
                verify_before: None,
                before: format!(
                    "nothing: old code keeps using `{}` through the view `{}`; then deploy code that uses `{}`",
                    x.from, x.table, x.to
                ),
            },
            Phase {
                kind: PhaseKind::Contract,
                statements: vec![
                    format!("DROP VIEW {t}"),
                    format!("ALTER TABLE {s} RENAME TO {}", ident(&x.table.name)),
                ],
                verify_before: Some(format!(
                    "SELECT count(*) FROM pg_stat_statements WHERE query ~* '\\m{}\\M' AND query ~* '\\m{}\\M'",
                    x.from.replace('\'', "''"),
                    x.table.name.replace('\'', "''")
                )),
                before: format!(
                    "every instance runs the new code: no statement has used `{}` since the deploy \
                     (pg_stat_statements reset at the deploy)",
                    x.from
                ),
            },
        ],
    }
}
