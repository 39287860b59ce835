//! A14 `check-without-not-valid`: ADD CONSTRAINT … CHECK validated in place on an existing table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "check-without-not-valid",
    row: "A14",
    severity: Severity::Error,
    summary: "ADD CHECK without NOT VALID scans the table under ACCESS EXCLUSIVE (PostgreSQL) / COPY (MySQL)",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (table, not_valid) = match &cx.op().kind {
        Operation::AddConstraint(x) if matches!(x.constraint.kind, ConstraintKind::Check { .. }) => (&x.table, x.not_valid),
        Operation::AddColumn(x)
            if cx.target.mysql_family() && x.constraints.iter().any(|c| matches!(c.kind, ConstraintKind::Check { .. })) =>
        {
            (&x.table, false)
        }
        _ => return,
    };
    if not_valid || !cx.existing(table) || cx.target.engine == crate::lint::Engine::Mariadb && session_off_before(cx, "CHECK_CONSTRAINT_CHECKS") {
        return;
    }
    let help = "add it NOT VALID (new rows are checked at once), fix violating rows, then VALIDATE CONSTRAINT in a \
                later migration (SHARE UPDATE EXCLUSIVE: reads and writes continue)";
    if cx.target.pg() {
        cx.report(
            format!(
                "adding a CHECK constraint to existing table `{table}` scans every row while holding ACCESS EXCLUSIVE: \
                 reads and writes are blocked for the whole scan"
            ),
            help,
        );
    } else {
        let how = match cx.target.engine {
            crate::lint::Engine::Mysql => "MySQL adds a CHECK with ALGORITHM=COPY: the table is copied, writes blocked",
            crate::lint::Engine::Mariadb => "MariaDB validates every row while the ALTER holds its lock",
            _ => "SQLite checks every row (3.53+) or rebuilds the table, holding the write lock",
        };
        cx.report_as(
            Severity::Warning,
            format!("adding a CHECK constraint to existing table `{table}`: {how}"),
            "MySQL: add it NOT ENFORCED and enforce it in a maintenance window or with gh-ost; \
             MariaDB: fix rows first and add it with check_constraint_checks=0",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_not_valid() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD CONSTRAINT users_age_max CHECK (age < 200);");
    }

    #[test]
    fn quiet_with_not_valid() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD CONSTRAINT users_age_max CHECK (age < 200) NOT VALID;");
    }

    #[test]
    fn mariadb_quiet_only_after_check_constraint_checks_off() {
        let add = "ALTER TABLE users ADD CONSTRAINT users_age_max CHECK (age < 200);";
        fires(RULE.id, "mariadb11.4", add);
        quiet(RULE.id, "mariadb11.4", &format!("SET SESSION check_constraint_checks = 0; {add}"));
        fires(RULE.id, "mysql8.4", &format!("SET SESSION check_constraint_checks = 0; {add}"));
    }
}
