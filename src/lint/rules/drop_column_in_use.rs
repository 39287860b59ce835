//! B5 `drop-column-in-use`: dropping a column the running code may still use; data is gone.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "drop-column-in-use",
    row: "B5",
    severity: Severity::Error,
    summary: "dropping a column breaks code that still uses it and destroys its data",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropColumn(x) = &cx.op().kind else { return };
    if cx.existing(&x.table) {
        cx.report(
            format!(
                "dropping `{}.{}` deletes its data, and running instances that select or insert it (ORMs cache column \
                 lists: Rails, Django) fail until they restart on new code",
                x.table, x.column
            ),
            "first make the application ignore the column (Rails ignored_columns, Django SeparateDatabaseAndState, \
             drop it from the model) and deploy; drop it in a later, post-deploy migration",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_existing_table() {
        fires(RULE.id, "pg16", "ALTER TABLE users DROP COLUMN name;");
    }

    #[test]
    fn quiet_on_new_table() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b;");
    }
}
