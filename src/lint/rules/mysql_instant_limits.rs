//! G6 `mysql-instant-limits`: INSTANT ADD/DROP COLUMN on MySQL 8.0.29, or past 64 row versions.

use super::util::*;
use crate::lint::{Engine, Version};

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-instant-limits",
    row: "G6",
    severity: Severity::Warning,
    summary: "INSTANT column changes are capped at 64 row versions per table, and 8.0.29's were unsafe",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (Operation::AddColumn(AddColumn { table, .. }) | Operation::DropColumn(DropColumn { table, .. })) = &cx.op().kind else {
        return;
    };
    if cx.target.engine != Engine::Mysql || !cx.target.at_least(8, 0) || !cx.existing(table) {
        return;
    }
    let versions = cx.row_versions.get(&table.key().to_lowercase()).copied().unwrap_or(0) + 1;
    if cx.target.version == Version(8, 0, 29) {
        cx.report(
            "MySQL 8.0.29's INSTANT ADD/DROP COLUMN has a redo-log corruption flaw, and Percona XtraBackup before \
             8.0.32 refuses tables changed that way",
            "upgrade past 8.0.29, or add ALGORITHM=INPLACE explicitly",
        );
    } else if versions > 64 && cx.target.at_least(8, 0) {
        cx.report(
            format!(
                "this is INSTANT column change number {versions} on `{table}` in the history: MySQL allows 64 row \
                 versions per table, after which the ALTER falls back to a full INPLACE rebuild"
            ),
            "rebuild the table in a quiet window (OPTIMIZE TABLE resets the row versions) or batch column changes",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_8029() {
        fires(RULE.id, "mysql8.0.29", "ALTER TABLE users ADD COLUMN a int;");
    }

    #[test]
    fn quiet_on_8030() {
        quiet(RULE.id, "mysql8.0.30", "ALTER TABLE users ADD COLUMN a int;");
    }
}
