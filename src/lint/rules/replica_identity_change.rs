//! I3 `replica-identity-change`: ALTER TABLE … REPLICA IDENTITY.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "replica-identity-change",
    row: "I3",
    severity: Severity::Warning,
    summary: "changing REPLICA IDENTITY changes what logical replication and CDC consumers receive",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.pg() && sql_of(cx).iter().any(|s| s.has(&["REPLICA", "IDENTITY"])) {
        cx.report(
            "REPLICA IDENTITY decides which old-row columns logical replication sends for UPDATE/DELETE: subscribers \
             and CDC consumers (Debezium) may stop matching rows or fail",
            "coordinate with the replication/CDC consumers before changing it",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_replica_identity() {
        fires(RULE.id, "pg16", "ALTER TABLE users REPLICA IDENTITY FULL;");
    }

    #[test]
    fn quiet_on_other_sql() {
        quiet(RULE.id, "pg16", "ANALYZE users;");
    }
}
