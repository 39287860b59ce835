//! Add a check constraint `t: expr` (catalogue §2.7):
//!
//! * PostgreSQL: expand adds it `NOT VALID` (brief lock; new and updated rows are checked);
//!   migrate runs `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE) once no row violates it.
//! * MariaDB: once no row violates it, migrate adds it with `check_constraint_checks=0`, which
//!   skips the validating scan; rows written from then on are checked.
//! * SQLite 3.53+: once no row violates it, migrate runs `ALTER TABLE … ADD [CONSTRAINT n] CHECK`
//!   (scans the rows holding the write lock; readers continue in WAL mode). Before 3.53 the same phase is the
//!   exporter's table rebuild, the plain migration's SQL, after the same count (and the foreign
//!   key check the copy needs, see `change_type::sqlite_rebuild`).
//! * MySQL has no online way to add an enforced CHECK (`ALTER CHECK … ENFORCED` copies the table
//!   with writes blocked; catalogue §5.2): no recipe.
//!
//! The violator count treats NULL as passing, as the constraint does: `NOT (expr)` is NULL then.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind, Operation, ValidateConstraint};
use crate::lint::Engine;

/// Why SQLite 3.53's `ADD CHECK` may scan the table.
const SCANNED: &str = "SQLite has no NOT VALID; polymig apply --phase counts the violating rows first and refuses \
                       while they are not 0, so the scan fails only on a row written meanwhile (nothing changes then)";

/// The plan for one CHECK.
pub fn plan(x: &AddConstraint, cx: &Cx<'_>) -> Option<Plan> {
    let ConstraintKind::Check { expr } = &x.constraint.kind else { return None };
    let named = cx.named(&x.table, &x.constraint)?;
    let name = named.name.clone()?;
    let violators = cx.count_where(&x.table, &format!("NOT ({})", cx.expr(expr)));
    let fix = "fix the rows that violate it (the query below)";
    let phases = match cx.target.engine {
        Engine::Postgres => {
            let add = AddConstraint { table: x.table.clone(), constraint: named, not_valid: true };
            let after = cx.after(cx.before, add.clone())?;
            let validate = ValidateConstraint { table: x.table.clone(), name: name.clone() };
            vec![
                Phase::new(
                    PhaseKind::Expand,
                    cx.render(vec![Operation::AddConstraint(add)])?,
                    "deploy code that writes only rows satisfying the check",
                ),
                Phase::new(
                    PhaseKind::Migrate,
                    cx.render_on(vec![Operation::ValidateConstraint(validate)], &after)?,
                    fix,
                )
                .verify(violators),
            ]
        }
        Engine::Mariadb => {
            let add = AddConstraint { table: x.table.clone(), constraint: named, not_valid: false };
            let mut statements = vec!["SET SESSION check_constraint_checks = 0".to_string()];
            statements.extend(cx.render(vec![Operation::AddConstraint(add)])?);
            statements.push("SET SESSION check_constraint_checks = 1".to_string());
            vec![
                Phase::new(PhaseKind::Migrate, statements, format!("{fix}; deploy code that satisfies it"))
                    .verify(violators),
            ]
        }
        Engine::Sqlite if cx.target.at_least(3, 53) => {
            let constraint = x.constraint.name.as_ref().map(|n| format!("CONSTRAINT {} ", cx.q(n))).unwrap_or_default();
            let add = format!("ALTER TABLE {} ADD {constraint}CHECK ({})", cx.qn(&x.table), cx.expr(expr));
            vec![
                Phase::new(PhaseKind::Migrate, vec![add], format!("{fix}; deploy code that satisfies it"))
                    .verify(violators)
                    .allowing("check-without-not-valid", SCANNED),
            ]
        }
        Engine::Sqlite => {
            let op = Operation::AddConstraint(x.clone());
            let before = format!("{fix}; deploy code that satisfies it");
            vec![super::change_type::sqlite_rebuild(cx, &x.table, op, vec![violators], before)?]
        }
        Engine::Mysql => return None,
    };
    Some(Plan { recipe: "add-check", operation: format!("add check {name} on {}", x.table), phases })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plain, plans};

    const SETUP: &str = "CREATE TABLE items (id bigint PRIMARY KEY, qty integer);";
    const CHANGE: &str = "ALTER TABLE items ADD CONSTRAINT items_qty_positive CHECK (qty > 0);";

    #[test]
    fn postgres_adds_not_valid_then_validates_after_the_violator_count() {
        assert_eq!(
            lines(SETUP, CHANGE, "pg16"),
            [
                "expand: ALTER TABLE \"items\" ADD CONSTRAINT \"items_qty_positive\" CHECK (qty > 0) NOT VALID",
                "migrate verify: SELECT count(*) FROM \"items\" WHERE NOT (qty > 0)",
                "migrate: ALTER TABLE \"items\" VALIDATE CONSTRAINT \"items_qty_positive\"",
            ]
        );
    }

    #[test]
    fn mariadb_skips_the_validating_scan_and_mysql_has_no_recipe() {
        assert_eq!(
            lines(SETUP, CHANGE, "mariadb11.4"),
            [
                "migrate verify: SELECT count(*) FROM `items` WHERE NOT (qty > 0)",
                "migrate: SET SESSION check_constraint_checks = 0",
                "migrate: ALTER TABLE `items` ADD CONSTRAINT `items_qty_positive` CHECK (qty > 0)",
                "migrate: SET SESSION check_constraint_checks = 1",
            ]
        );
        assert!(plans(SETUP, CHANGE, "mysql8.4").is_empty());
    }

    #[test]
    fn sqlite_3_53_adds_it_by_alter_after_the_violator_count() {
        assert_eq!(
            lines(SETUP, CHANGE, "sqlite3.53"),
            [
                "migrate verify: SELECT count(*) FROM \"items\" WHERE NOT (qty > 0)",
                "migrate: ALTER TABLE \"items\" ADD CONSTRAINT \"items_qty_positive\" CHECK (qty > 0)",
            ]
        );
        // Unnamed stays unnamed, as in the plain migration's table.
        let got = lines(SETUP, "ALTER TABLE items ADD CHECK (qty > 0);", "sqlite3.53");
        assert_eq!(got[1], "migrate: ALTER TABLE \"items\" ADD CHECK (qty > 0)");
    }

    #[test]
    fn older_sqlite_rebuilds_after_the_violator_count() {
        let p = &plans(SETUP, CHANGE, "sqlite")[0];
        assert_eq!(p.phases.len(), 1);
        let ph = &p.phases[0];
        assert_eq!(ph.verify_before.as_deref(), Some("SELECT count(*) FROM \"items\" WHERE NOT (qty > 0)"));
        assert_eq!(ph.statements, plain(SETUP, CHANGE, "sqlite"));
        assert!(ph.statements[0].starts_with("CREATE TABLE \"_polymig_new_items\""), "{ph:#?}");
        assert!(ph.statements[0].contains("CONSTRAINT \"items_qty_positive\" CHECK (qty > 0)"), "{ph:#?}");
        assert_eq!(plans(SETUP, CHANGE, "sqlite3.52.9")[0].phases[0].statements, ph.statements);
    }
}
