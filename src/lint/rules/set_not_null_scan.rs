//! A13 `set-not-null-scan`: SET NOT NULL on an existing column, which scans the table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "set-not-null-scan",
    row: "A13",
    severity: Severity::Error,
    summary: "SET NOT NULL scans every row; on PostgreSQL under ACCESS EXCLUSIVE",
};

/// A validated `CHECK (col IS NOT NULL)` already proves the column (PostgreSQL 12+ skips the scan).
fn proven(cx: &Ctx, table: &QName, column: &str) -> bool {
    let Some(t) = cx.table(table) else { return false };
    t.constraints.iter().any(|c| {
        let ConstraintKind::Check { expr } = &c.kind else { return false };
        let toks = statements(expr).concat();
        let n = toks.len();
        let is_nn = n >= 4
            && toks[n - 3..] == [Tok::Word("IS".into()), Tok::Word("NOT".into()), Tok::Word("NULL".into())]
            && mentions(expr, column);
        let key = (table.key().to_lowercase(), c.name.clone().unwrap_or_default().to_lowercase());
        is_nn && !cx.unvalidated.contains(&key)
    })
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    if x.nullable != Some(false) || !cx.existing(&x.table) {
        return;
    }
    if cx.table(&x.table).and_then(|t| t.column(&x.column)).is_some_and(|c| !c.nullable) {
        return;
    }
    let t = cx.target;
    if t.pg() {
        if t.at_least(12, 0) && proven(cx, &x.table, &x.column) {
            return;
        }
        cx.report(
            format!(
                "SET NOT NULL on `{}.{}` scans every row while holding ACCESS EXCLUSIVE: reads and writes on the table \
                 are blocked for the whole scan, and it fails if any NULL remains",
                x.table, x.column
            ),
            "backfill NULLs, ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later \
             migration, then SET NOT NULL (no scan on PostgreSQL 12+) and drop the CHECK",
        );
    } else {
        let how = if t.sqlite() && !t.at_least(3, 53) {
            "SQLite before 3.53 rebuilds the table to change nullability, holding the write lock"
        } else if t.sqlite() {
            "SQLite checks every row while holding the write lock"
        } else {
            "the table is rebuilt (INPLACE, concurrent DML allowed) and the ALTER fails at the end if a NULL was written"
        };
        cx.report_as(
            Severity::Warning,
            format!("SET NOT NULL on `{}.{}`: {how}", x.table, x.column),
            "backfill NULLs in batches first and make the application write the column before the change",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_plain_set_not_null() {
        fires(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email SET NOT NULL;");
    }

    #[test]
    fn quiet_after_validated_check() {
        let sql = "ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;";
        let f = lint("pg16", sql);
        assert!(!f.iter().any(|f| f.rule == RULE.id));
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET NOT NULL;");
    }
}
