//! A23 `detach-partition-not-concurrent`: DETACH PARTITION without CONCURRENTLY (PostgreSQL 14+).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "detach-partition-not-concurrent",
    row: "A23",
    severity: Severity::Warning,
    summary: "DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the parent table",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.pg() && sql_of(cx).iter().any(|s| s.has(&["DETACH", "PARTITION"]) && !s.has(&["CONCURRENTLY"])) {
        cx.report(
            "DETACH PARTITION takes ACCESS EXCLUSIVE on the parent table: every query on any partition queues behind it",
            "DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+, non-transactional, not with a DEFAULT partition)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_plain_detach() {
        fires(RULE.id, "pg16", "ALTER TABLE events DETACH PARTITION events_2020;");
    }

    #[test]
    fn quiet_when_concurrent() {
        quiet(RULE.id, "pg16", "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;");
    }
}
