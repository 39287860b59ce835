//! C2 `mysql-not-null-implicit-fill`: MySQL/MariaDB fill a new NOT NULL column with implicit values.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-not-null-implicit-fill",
    row: "C2",
    severity: Severity::Warning,
    summary: "MySQL fills a new NOT NULL column without default with 0 / '' / the first ENUM value",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    let c = &x.column;
    if cx.target.mysql_family() && !c.nullable && c.default.is_none() && c.generated.is_none() && c.auto_increment.is_none()
        && cx.existing(&x.table)
    {
        cx.report(
            format!(
                "MySQL/MariaDB silently give every existing row of `{}` an implicit value for NOT NULL column `{}` \
                 (0, '', the first ENUM value, or fail for DATE/DATETIME)",
                x.table, c.name
            ),
            "give an explicit DEFAULT, or add the column nullable and backfill",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_mysql() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN score int NOT NULL;");
    }

    #[test]
    fn quiet_with_default() {
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;");
    }
}
