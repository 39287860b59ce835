//! A6 `reindex-not-concurrent`: raw `REINDEX` without `CONCURRENTLY` (PostgreSQL).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "reindex-not-concurrent",
    row: "A6",
    severity: Severity::Warning,
    summary: "REINDEX without CONCURRENTLY blocks writes and reads that use the index",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.pg() && sql_of(cx).iter().any(|s| s.starts(&["REINDEX"]) && !s.has(&["CONCURRENTLY"])) {
        cx.report(
            "REINDEX takes a SHARE lock on the table (writes blocked) and ACCESS EXCLUSIVE on each index (reads \
             using it blocked) for the whole rebuild",
            "REINDEX … CONCURRENTLY (PostgreSQL 12+) in a non-transactional migration",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_plain_reindex() {
        fires(RULE.id, "pg16", "REINDEX TABLE users;");
    }

    #[test]
    fn quiet_when_concurrent() {
        quiet(RULE.id, "pg16", "REINDEX TABLE CONCURRENTLY users;");
    }
}
