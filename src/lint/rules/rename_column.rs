//! B1 `rename-column`: renaming a column breaks the application code still running (quiet when the
//! same migration creates a compatibility view exposing both names, as `polymig plan` does).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "rename-column",
    row: "B1",
    severity: Severity::Error,
    summary: "renaming a column breaks every running instance of the old application code",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::RenameColumn(x) = &cx.op().kind else { return };
    let compat_view = cx.later().iter().any(|o| {
        matches!(&o.kind, Operation::CreateView(v) if mentions(&v.query, &x.to) && mentions(&v.query, &x.from))
    });
    if cx.existing(&x.table) && !compat_view {
        cx.report(
            format!(
                "renaming `{}.{}` to `{}` is instant, but every running application instance still reads and writes \
                 `{}`: its queries fail from the moment the migration commits until the new code is deployed",
                x.table, x.from, x.to, x.from
            ),
            "expand/contract: expose both names (view or shadow column kept in sync by a trigger), deploy code that \
             uses the new name, then drop the old one (polymig plan --zero-downtime)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_existing_table() {
        fires(RULE.id, "pg16", "ALTER TABLE users RENAME COLUMN name TO full_name;");
    }

    #[test]
    fn quiet_on_new_table() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b;");
        quiet(
            RULE.id,
            "pg16",
            "ALTER TABLE users RENAME TO users__pm; ALTER TABLE users__pm RENAME COLUMN name TO full_name;
             CREATE VIEW users AS SELECT *, full_name AS name FROM users__pm;",
        );
    }
}
