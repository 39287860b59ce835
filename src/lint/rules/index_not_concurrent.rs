//! A1 `index-not-concurrent`: `CREATE INDEX` without `CONCURRENTLY` on an existing PostgreSQL table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "index-not-concurrent",
    row: "A1",
    severity: Severity::Error,
    summary: "CREATE INDEX without CONCURRENTLY blocks writes for the whole build (PostgreSQL)",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::CreateIndex(x) = &cx.op().kind else { return };
    if !cx.target.pg() || x.concurrently || !cx.existing(&x.index.table) {
        return;
    }
    cx.report(
        format!(
            "CREATE INDEX on existing table `{}` takes a SHARE lock: every INSERT, UPDATE and DELETE on it waits \
             until the index is built (minutes on a large table)",
            x.index.table
        ),
        "build it with CREATE INDEX CONCURRENTLY IF NOT EXISTS in its own non-transactional migration, \
         then check pg_index.indisvalid",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_existing_table() {
        fires(RULE.id, "pg16", "CREATE INDEX users_email_idx ON users (email);");
    }

    #[test]
    fn quiet_when_concurrent_new_table_or_mysql() {
        quiet(RULE.id, "pg16", "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);");
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int); CREATE INDEX t_a_idx ON t (a);");
        quiet(RULE.id, "mysql8.0", "CREATE INDEX users_email_idx ON users (email);");
    }
}
