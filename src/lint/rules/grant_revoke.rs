//! I2 `grant-revoke`: GRANT / REVOKE in a migration.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "grant-revoke",
    row: "I2",
    severity: Severity::Warning,
    summary: "privilege changes can lock the application out or expose data",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if sql_of(cx).iter().any(|s| s.starts(&["GRANT"]) || s.starts(&["REVOKE"])) {
        cx.report(
            "a GRANT/REVOKE changes who may read or write: a wrong REVOKE makes the application's queries fail with \
             permission errors, a wrong GRANT exposes data",
            "review privilege changes separately from schema changes",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_revoke() {
        fires(RULE.id, "pg16", "REVOKE SELECT ON users FROM reporting;");
    }

    #[test]
    fn quiet_on_other_sql() {
        quiet(RULE.id, "pg16", "ANALYZE users;");
    }
}
