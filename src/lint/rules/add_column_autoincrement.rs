//! A9 `add-column-autoincrement`: adding a serial / identity / AUTO_INCREMENT column to an existing table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "add-column-autoincrement",
    row: "A9",
    severity: Severity::Error,
    summary: "adding an auto-increment column fills every row: a rewrite that blocks writes",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    if x.column.auto_increment.is_none() || !cx.existing(&x.table) {
        return;
    }
    let how = if cx.target.pg() {
        "rewrites the table to number every row under an ACCESS EXCLUSIVE lock (reads and writes blocked)"
    } else if cx.target.mysql_family() {
        "rebuilds the table without concurrent DML, and statement-based replicas may number rows differently"
    } else {
        "needs a table rebuild holding the write lock"
    };
    cx.report(
        format!("adding auto-increment column `{}` to existing table `{}` {how}", x.column.name, x.table),
        "create a new table with the identity column and copy into it, or add a nullable bigint with a sequence \
         default for new rows, backfill, build a unique index concurrently and attach it",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_serial() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN seq serial;");
    }

    #[test]
    fn quiet_on_plain_bigint() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN seq bigint;");
    }
}
