//! Rename table `old → new` (catalogue §2.2):
//!
//! * PostgreSQL: expand renames the table and creates `VIEW old AS SELECT * FROM new` in the same
//!   transaction (a simple view is auto-updatable, so old code keeps reading and writing); contract
//!   drops the view once no code uses `old`.
//! * MySQL / MariaDB: expand creates `ALGORITHM=MERGE VIEW new AS SELECT * FROM old` (a
//!   single-table MERGE view is insertable and updatable), so new code can use `new` at once;
//!   contract swaps atomically: `RENAME TABLE new TO new__pm_view, old TO new`, then drops the view.
//! * SQLite: the PostgreSQL shape plus INSTEAD OF triggers for writes through the view (needs a
//!   primary key); see [`sqlite_write_triggers`].
//!
//! In every case `SELECT *` freezes the view's column list when it is created: add no column to
//! the table between expand and contract.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{QName, RenameTable};
use crate::schema::Table;

/// The plan for one table rename.
pub fn plan(x: &RenameTable, cx: &Cx<'_>) -> Option<Plan> {
    let table = cx.table(&x.from)?;
    let (old, new) = (cx.qn(&x.from), cx.qn(&x.to));
    let usage = cx.usage_query(&x.from.name, &x.from.name);
    let deploy = format!("deploy code that uses `{}`", x.to);
    let phases = if cx.target.mysql_family() {
        let parked = Cx::sibling(&x.to, format!("{}__pm_view", x.to.name));
        vec![
            Phase::new(
                PhaseKind::Expand,
                vec![format!("CREATE ALGORITHM=MERGE VIEW {new} AS SELECT * FROM {old}")],
                format!("nothing: old code keeps using `{}`; new code may use the view `{}`", x.from, x.to),
            ),
            Phase::new(
                PhaseKind::Contract,
                vec![
                    format!("RENAME TABLE {new} TO {}, {old} TO {new}", cx.qn(&parked)),
                    format!("DROP VIEW {}", cx.qn(&parked)),
                ],
                format!("{deploy}; every instance runs it: no statement has used `{}` since", x.from),
            )
            .usage(usage)
            .allowing(
                "rename-table",
                "one atomic RENAME TABLE swaps the view out and the table in: both names work until it",
            ),
        ]
    } else {
        let mut expand = vec![
            format!("ALTER TABLE {old} RENAME TO {}", cx.q(&x.to.name)),
            format!("CREATE VIEW {old} AS SELECT * FROM {new}"),
        ];
        if cx.target.sqlite() {
            expand.extend(sqlite_write_triggers(cx, &x.from, &x.to, table, &|_, _| None)?);
        }
        vec![
            Phase::new(
                PhaseKind::Expand,
                expand,
                format!("nothing: old code keeps using `{}` through the view; then {deploy}", x.from),
            ),
            Phase::new(
                PhaseKind::Contract,
                vec![format!("DROP VIEW {old}")],
                format!("every instance runs the new code: no statement has used `{}` since the deploy", x.from),
            )
            .usage(usage),
        ]
    };
    Some(Plan { recipe: "rename-table", operation: format!("rename table {} to {}", x.from, x.to), phases })
}

/// SQLite views are read-only: INSTEAD OF INSERT / UPDATE / DELETE triggers on `view` that write
/// `base` (whose columns `table` lists), rows matched by the primary key. `value(column, insert)`
/// overrides the `NEW.column` written for a column; an insert gives a column left out its default
/// (`COALESCE(NEW.c, default)`). `None` without a primary key.
pub(crate) fn sqlite_write_triggers(
    cx: &Cx<'_>,
    view: &QName,
    base: &QName,
    table: &Table,
    value: &dyn Fn(&str, bool) -> Option<String>,
) -> Option<Vec<String>> {
    let key = Cx::primary_key(table)?;
    let (v, b) = (cx.q(&view.name), cx.q(&base.name));
    let trigger = |suffix: &str| cx.q(&format!("{}__pm_{suffix}", view.name));
    let new_of = |c: &str| format!("NEW.{}", cx.q(c));
    let columns: Vec<String> = table.columns.iter().map(|c| cx.q(&c.name)).collect();
    let inserted: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            value(&c.name, true).unwrap_or_else(|| match cx.default_of(c) {
                Some(d) => format!("COALESCE({}, {d})", new_of(&c.name)),
                None => new_of(&c.name),
            })
        })
        .collect();
    let updated: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("{} = {}", cx.q(&c.name), value(&c.name, false).unwrap_or_else(|| new_of(&c.name))))
        .collect();
    let by_key = key.iter().map(|k| format!("{} = OLD.{}", cx.q(k), cx.q(k))).collect::<Vec<_>>().join(" AND ");
    Some(vec![
        format!(
            "CREATE TRIGGER {} INSTEAD OF INSERT ON {v} BEGIN INSERT INTO {b} ({}) VALUES ({}); END",
            trigger("ins"),
            columns.join(", "),
            inserted.join(", ")
        ),
        format!(
            "CREATE TRIGGER {} INSTEAD OF UPDATE ON {v} BEGIN UPDATE {b} SET {} WHERE {by_key}; END",
            trigger("upd"),
            updated.join(", ")
        ),
        format!("CREATE TRIGGER {} INSTEAD OF DELETE ON {v} BEGIN DELETE FROM {b} WHERE {by_key}; END", trigger("del")),
    ])
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::lines;

    const SETUP: &str = "CREATE TABLE users (id integer PRIMARY KEY, name text DEFAULT 'x');";

    #[test]
    fn postgres_leaves_a_view_under_the_old_name() {
        assert_eq!(
            lines(SETUP, "ALTER TABLE users RENAME TO members;", "pg16"),
            [
                "expand: ALTER TABLE \"users\" RENAME TO \"members\"",
                "expand: CREATE VIEW \"users\" AS SELECT * FROM \"members\"",
                "contract: DROP VIEW \"users\"",
            ]
        );
    }

    #[test]
    fn mysql_puts_a_view_under_the_new_name_and_swaps_atomically() {
        assert_eq!(
            lines(SETUP, "ALTER TABLE users RENAME TO members;", "mariadb11.4"),
            [
                "expand: CREATE ALGORITHM=MERGE VIEW `members` AS SELECT * FROM `users`",
                "contract: RENAME TABLE `members` TO `members__pm_view`, `users` TO `members`",
                "contract: DROP VIEW `members__pm_view`",
            ]
        );
    }

    #[test]
    fn sqlite_writes_through_instead_of_triggers_keyed_by_the_primary_key() {
        let got = lines(SETUP, "ALTER TABLE users RENAME TO members;", "sqlite");
        assert_eq!(
            got[2..5],
            [
                "expand: CREATE TRIGGER \"users__pm_ins\" INSTEAD OF INSERT ON \"users\" BEGIN INSERT INTO \"members\" (\"id\", \"name\") VALUES (NEW.\"id\", COALESCE(NEW.\"name\", 'x')); END",
                "expand: CREATE TRIGGER \"users__pm_upd\" INSTEAD OF UPDATE ON \"users\" BEGIN UPDATE \"members\" SET \"id\" = NEW.\"id\", \"name\" = NEW.\"name\" WHERE \"id\" = OLD.\"id\"; END",
                "expand: CREATE TRIGGER \"users__pm_del\" INSTEAD OF DELETE ON \"users\" BEGIN DELETE FROM \"members\" WHERE \"id\" = OLD.\"id\"; END",
            ]
        );
    }
}
