//! Add a check constraint `t: expr` (catalogue §2.7):
//!
//! * PostgreSQL: expand adds it `NOT VALID` (brief lock; new and updated rows are checked);
//!   migrate runs `VALIDATE CONSTRAINT` (SHARE UPDATE EXCLUSIVE) once no row violates it.
//! * MariaDB: once no row violates it, migrate adds it with `check_constraint_checks=0`, which
//!   skips the validating scan; rows written from then on are checked.
//! * MySQL has no online way to add an enforced CHECK (`ALTER CHECK … ENFORCED` copies the table
//!   with writes blocked; catalogue §5.2), SQLite before 3.53 rebuilds: no recipe.
//!
//! The violator count treats NULL as passing, as the constraint does: `NOT (expr)` is NULL then.

use super::cx::Cx;
use super::{Phase, PhaseKind, Plan};
use crate::ir::{AddConstraint, ConstraintKind, Operation, ValidateConstraint};
use crate::lint::Engine;

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
        Engine::Mysql | Engine::Sqlite => return None,
    };
    Some(Plan { recipe: "add-check", operation: format!("add check {name} on {}", x.table), phases })
}

#[cfg(test)]
mod tests {
    use crate::plan::testing::{lines, plans};

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
}
