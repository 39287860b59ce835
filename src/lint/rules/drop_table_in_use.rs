//! B6 `drop-table-in-use`: dropping a table the running code may still use; data is gone.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "drop-table-in-use",
    row: "B6",
    severity: Severity::Error,
    summary: "dropping a table breaks code that still uses it and destroys its data",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropTable(x) = &cx.op().kind else { return };
    if cx.existing(&x.table) {
        cx.report(
            format!(
                "dropping table `{}` deletes all its rows, and running code that still queries it fails",
                x.table
            ),
            "stop using the table and deploy first; drop it in a later migration (optionally rename it to \
             `_deprecated` and back it up before)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_existing_table() {
        fires(RULE.id, "pg16", "DROP TABLE orgs;");
    }

    #[test]
    fn quiet_on_new_table() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int); DROP TABLE t;");
    }
}
