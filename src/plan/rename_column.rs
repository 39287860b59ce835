//! Rename column `t.old → t.new` (catalogue §2.1), one spelling per database:
//!
//! * PostgreSQL, view swap: expand renames the table to `t__pm`, renames the column, and creates
//!   a view `t` exposing both names (`SELECT *, new AS old`), which PostgreSQL keeps
//!   auto-updatable; contract drops the view and gives the table its name back.
//! * MySQL / MariaDB, shadow column: expand adds `new` (nullable, no default, right after `old`)
//!   and BEFORE INSERT / UPDATE triggers that copy whichever side the writer changed to the other;
//!   migrate backfills `new` from `old`; contract drops the triggers and `old`, then gives `new`
//!   the old column's full definition (`MODIFY`). Columns in an index or constraint are not
//!   planned (the shadow would lose them).
//! * SQLite: the PostgreSQL shape, plus INSTEAD OF INSERT / UPDATE / DELETE triggers on the view
//!   (SQLite views are read-only), which need a primary key. Columns an INSERT through the view
//!   leaves out get their default through `COALESCE`, so an explicit NULL there becomes the
//!   default too.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddColumn, DropColumn, Operation, RenameColumn};

/// The plan for one rename.
pub fn plan(x: &RenameColumn, cx: &Cx<'_>) -> Option<Plan> {
    let phases = if cx.target.mysql_family() { shadow(x, cx)? } else { view_swap(x, cx)? };
    Some(Plan { recipe: "rename-column", operation: format!("rename {}.{} to {}", x.table, x.from, x.to), phases })
}

/// PostgreSQL and SQLite: the table moves aside, a view keeps the old shape under its name.
fn view_swap(x: &RenameColumn, cx: &Cx<'_>) -> Option<Vec<Phase>> {
    let t = cx.qn(&x.table);
    let shadow = Cx::sibling(&x.table, format!("{}__pm", x.table.name));
    let s = cx.qn(&shadow);
    let (old, new) = (cx.q(&x.from), cx.q(&x.to));
    let mut expand = vec![
        format!("ALTER TABLE {t} RENAME TO {}", cx.q(&shadow.name)),
        format!("ALTER TABLE {s} RENAME COLUMN {old} TO {new}"),
        format!("CREATE VIEW {t} AS SELECT *, {new} AS {old} FROM {s}"),
    ];
    if cx.target.sqlite() {
        let renamed = cx.after(cx.before, x.clone())?;
        let base = renamed.table(&x.table)?;
        let inserted = format!("COALESCE(NEW.{new}, NEW.{old})");
        let updated = format!("CASE WHEN NEW.{old} IS NOT OLD.{old} THEN NEW.{old} ELSE NEW.{new} END");
        let value = |c: &str, insert: bool| match (c == x.to, insert) {
            (true, true) => Some(inserted.clone()),
            (true, false) => Some(updated.clone()),
            _ => None,
        };
        expand.extend(super::rename_table::sqlite_write_triggers(cx, &x.table, &shadow, base, &value)?);
    }
    Some(vec![
        Phase::new(
            PhaseKind::Expand,
            expand,
            format!(
                "nothing: old code keeps using `{}` through the view `{}`; then deploy code that uses `{}`",
                x.from, x.table, x.to
            ),
        ),
        Phase::new(
            PhaseKind::Contract,
            vec![format!("DROP VIEW {t}"), format!("ALTER TABLE {s} RENAME TO {}", cx.q(&x.table.name))],
            format!("every instance runs the new code: no statement has used `{}` since the deploy", x.from),
        )
        .usage(cx.usage_query(&x.table.name, &x.from))
        .allowing("rename-table", "the table gets its own name back; no code uses the temporary name"),
    ])
}

/// MySQL / MariaDB: a shadow column kept in sync by triggers.
fn shadow(x: &RenameColumn, cx: &Cx<'_>) -> Option<Vec<Phase>> {
    let table = cx.table(&x.table)?;
    let col = table.column(&x.from)?;
    if cx.column_is_keyed(table, &x.from) || col.generated.is_some() || col.auto_increment.is_some() {
        return None;
    }
    Cx::primary_key(table)?;
    let t = cx.qn(&x.table);
    let (old, new) = (cx.q(&x.from), cx.q(&x.to));
    let mut shadow_col = col.clone();
    shadow_col.name = x.to.clone();
    shadow_col.nullable = true;
    shadow_col.default = None;
    shadow_col.on_update = None;
    let add = AddColumn { table: x.table.clone(), column: shadow_col, constraints: Vec::new(), if_not_exists: false };
    let during = cx.after(cx.before, add.clone())?;
    let mut expand = cx.render(vec![Operation::AddColumn(add)])?;
    let first = expand.first_mut()?;
    first.push_str(&format!(" AFTER {old}"));
    let trigger = |suffix: &str| cx.qn(&Cx::sibling(&x.table, format!("{}__pm_{suffix}", x.table.name)));
    expand.push(format!(
        "CREATE TRIGGER {} BEFORE INSERT ON {t} FOR EACH ROW SET NEW.{new} = COALESCE(NEW.{new}, NEW.{old}), NEW.{old} = NEW.{new}",
        trigger("ins")
    ));
    expand.push(format!(
        "CREATE TRIGGER {} BEFORE UPDATE ON {t} FOR EACH ROW SET NEW.{new} = IF({}, NEW.{old}, NEW.{new}), NEW.{old} = NEW.{new}",
        trigger("upd"),
        cx.differ(&format!("NEW.{old}"), &format!("OLD.{old}"))
    ));
    let differ = cx.differ(&new, &old);
    let mut migrate = Phase::new(PhaseKind::Migrate, Vec::new(), "nothing: the triggers keep both columns in step");
    migrate.backfill = Some(cx.backfill(&x.table, &x.to, &old, &differ));
    // Contract: the triggers go, `old` goes, `new` gets `old`'s definition back.
    let drop = DropColumn { table: x.table.clone(), column: x.from.clone(), if_exists: false, cascade: false };
    let after_drop = cx.after(&during, drop.clone())?;
    let mut contract = vec![format!("DROP TRIGGER {}", trigger("ins")), format!("DROP TRIGGER {}", trigger("upd"))];
    contract.extend(cx.render_on(vec![Operation::DropColumn(drop)], &during)?);
    let restore = crate::ir::AlterColumn {
        table: x.table.clone(),
        column: x.to.clone(),
        data_type: Some(col.data_type.clone()),
        using: None,
        nullable: Some(col.nullable),
        default: Some(match &col.default {
            Some(d) => crate::ir::Change::Set(d.clone()),
            None => crate::ir::Change::Drop,
        }),
        comment: None,
    };
    let needs_restore = !col.nullable || col.default.is_some() || col.on_update.is_some() || col.comment.is_some();
    if needs_restore {
        contract.extend(cx.render_on(vec![Operation::AlterColumn(restore)], &after_drop)?);
    }
    Some(vec![
        Phase::new(
            PhaseKind::Expand,
            expand,
            format!("nothing: old code keeps writing `{}`, the triggers copy it to `{}`", x.from, x.to),
        ),
        migrate,
        Phase::new(
            PhaseKind::Contract,
            contract,
            format!(
                "deploy code that uses `{}`; every instance runs it: no statement has used `{}` since",
                x.to, x.from
            ),
        )
        .verify(cx.count_where(&x.table, &differ))
        .usage(cx.usage_query(&x.table.name, &x.from))
        .allowing(
            "drop-column-in-use",
            "the old name's values live on under the new name, which the code uses since the deploy",
        ),
    ])
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

    const SETUP: &str =
        "CREATE TABLE users (id integer PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'x', age integer);";

    #[test]
    fn mariadb_adds_a_shadow_column_kept_in_step_by_triggers() {
        assert_eq!(
            lines(SETUP, "ALTER TABLE users RENAME COLUMN name TO full_name;", "mariadb11.4"),
            [
                "expand: ALTER TABLE `users` ADD COLUMN `full_name` varchar(50) AFTER `name`",
                "expand: CREATE TRIGGER `users__pm_ins` BEFORE INSERT ON `users` FOR EACH ROW SET NEW.`full_name` = COALESCE(NEW.`full_name`, NEW.`name`), NEW.`name` = NEW.`full_name`",
                "expand: CREATE TRIGGER `users__pm_upd` BEFORE UPDATE ON `users` FOR EACH ROW SET NEW.`full_name` = IF(NOT (NEW.`name` <=> OLD.`name`), NEW.`name`, NEW.`full_name`), NEW.`name` = NEW.`full_name`",
                "migrate backfill: users SET full_name = \"name\" WHERE NOT (\"full_name\" <=> \"name\")",
                "contract verify: SELECT count(*) FROM `users` WHERE NOT (`full_name` <=> `name`)",
                "contract: DROP TRIGGER `users__pm_ins`",
                "contract: DROP TRIGGER `users__pm_upd`",
                "contract: ALTER TABLE `users` DROP COLUMN `name`",
                "contract: ALTER TABLE `users` MODIFY COLUMN `full_name` varchar(50) NOT NULL DEFAULT 'x'",
            ]
        );
    }

    #[test]
    fn a_keyed_column_is_not_planned_on_mysql() {
        let setup = format!("{SETUP} CREATE INDEX users_age ON users (age);");
        assert!(plans(&setup, "ALTER TABLE users RENAME COLUMN age TO years;", "mysql8.4").is_empty());
    }

    #[test]
    fn sqlite_swaps_in_a_view_that_writes_through_triggers() {
        let got = lines(SETUP, "ALTER TABLE users RENAME COLUMN name TO full_name;", "sqlite");
        assert_eq!(
            got[..3],
            [
                "expand: ALTER TABLE \"users\" RENAME TO \"users__pm\"",
                "expand: ALTER TABLE \"users__pm\" RENAME COLUMN \"name\" TO \"full_name\"",
                "expand: CREATE VIEW \"users\" AS SELECT *, \"full_name\" AS \"name\" FROM \"users__pm\"",
            ]
        );
        assert!(
            got[3].contains("VALUES (NEW.\"id\", COALESCE(NEW.\"full_name\", NEW.\"name\"), NEW.\"age\")"),
            "{got:#?}"
        );
        assert!(got[4].contains("\"full_name\" = CASE WHEN NEW.\"name\" IS NOT OLD.\"name\" THEN NEW.\"name\" ELSE NEW.\"full_name\" END"), "{got:#?}");
        assert_eq!(
            got[6..],
            ["contract: DROP VIEW \"users\"", "contract: ALTER TABLE \"users__pm\" RENAME TO \"users\""]
        );
    }
}

#[cfg(test)]
mod quoting_tests {
    use crate::plan::testing::plans;

    /// Names holding quote characters are quoted for each dialect, and the literals built from
    /// them (the usage query) are escaped.
    #[test]
    fn odd_names_are_quoted_and_escaped() {
        let pg = &plans(
            "CREATE TABLE \"we\"\"ird\" (id bigint PRIMARY KEY, \"it's\" text);",
            "ALTER TABLE \"we\"\"ird\" RENAME COLUMN \"it's\" TO \"a`b\";",
            "pg16",
        )[0];
        assert_eq!(pg.phases[0].statements[1], "ALTER TABLE \"we\"\"ird__pm\" RENAME COLUMN \"it's\" TO \"a`b\"");
        let usage = pg.phases[1].usage_check.as_deref().unwrap();
        assert!(usage.contains("query ~* '\\mit\\''s\\M'"), "{usage}");
        let my = &plans(
            "CREATE TABLE `we``ird` (id bigint PRIMARY KEY, `it's` text);",
            "ALTER TABLE `we``ird` RENAME COLUMN `it's` TO `a\"b`;",
            "mariadb11.4",
        )[0];
        assert!(my.phases[0].statements[0].starts_with("ALTER TABLE `we``ird` ADD COLUMN `a\"b` text"), "{my:#?}");
        assert!(my.phases[0].statements[1].contains("NEW.`a\"b` = COALESCE(NEW.`a\"b`, NEW.`it's`)"), "{my:#?}");
    }
}
