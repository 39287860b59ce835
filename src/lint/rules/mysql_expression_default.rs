//! G3 `mysql-expression-default`: ADD COLUMN with an expression default `(expr)` on MySQL/MariaDB.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-expression-default",
    row: "G3",
    severity: Severity::Warning,
    summary: "an expression default makes ADD COLUMN rebuild the table on MySQL",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    if cx.target.mysql_family() && matches!(x.column.default, Some(DefaultExpr::Sql(_))) && cx.existing(&x.table) {
        cx.report(
            format!(
                "`{}.{}` gets an expression default: MySQL cannot add it INSTANT and rebuilds the table (even for a \
                 constant expression such as (3))",
                x.table, x.column.name
            ),
            "add the column without a default, then ALTER COLUMN … SET DEFAULT (expr), and backfill existing rows",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_expression_default() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN token varchar(36) DEFAULT (uuid());");
    }

    #[test]
    fn quiet_on_literal_default() {
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN score int DEFAULT 0;");
    }
}
