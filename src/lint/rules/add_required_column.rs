//! B7 `add-required-column`: ADD COLUMN NOT NULL without a default on an existing table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "add-required-column",
    row: "B7",
    severity: Severity::Error,
    summary: "ADD COLUMN NOT NULL without a default fails on a non-empty table and breaks old INSERTs",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    let c = &x.column;
    if c.nullable || non_null_default(c.default.as_ref()) || c.generated.is_some() || c.auto_increment.is_some() {
        return;
    }
    if cx.existing(&x.table) {
        cx.report(
            format!(
                "adding NOT NULL column `{}` without a default to existing table `{}` fails as soon as the table has \
                 rows (MySQL fills implicit zero values instead), and INSERTs from the running code, which do not \
                 know the column, fail",
                c.name, x.table
            ),
            "add it nullable and backfill, or NOT NULL with a constant DEFAULT (instant on PostgreSQL 11+, MySQL 8, \
             MariaDB 10.3+, SQLite)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_default() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN plan text NOT NULL;");
    }

    #[test]
    fn quiet_with_default() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';");
    }
}
