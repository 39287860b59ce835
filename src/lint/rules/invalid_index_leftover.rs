//! A4 `invalid-index-leftover`: `CREATE INDEX CONCURRENTLY` that a rerun after a failure cannot repeat.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "invalid-index-leftover",
    row: "A4",
    severity: Severity::Warning,
    summary: "a failed CREATE INDEX CONCURRENTLY leaves an INVALID index; make the step re-runnable",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::CreateIndex(x) = &cx.op().kind else { return };
    if cx.target.pg() && x.concurrently && !x.if_not_exists {
        cx.report(
            "a CREATE INDEX CONCURRENTLY that fails or is cancelled leaves an INVALID index behind: it still slows \
             every write, and re-running the migration fails with \"already exists\"",
            "write CREATE INDEX CONCURRENTLY IF NOT EXISTS, and before a rerun drop the index when \
             pg_index.indisvalid is false (DROP INDEX CONCURRENTLY IF EXISTS)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_if_not_exists() {
        fires(RULE.id, "pg16", "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);");
    }

    #[test]
    fn quiet_with_if_not_exists() {
        quiet(RULE.id, "pg16", "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);");
    }
}
