//! F8 `hash-index-pre-10`: hash indexes before PostgreSQL 10 are not WAL-logged.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "hash-index-pre-10",
    row: "F8",
    severity: Severity::Warning,
    summary: "hash indexes before PostgreSQL 10 are not crash-safe nor replicated",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::CreateIndex(x) = &cx.op().kind else { return };
    if cx.target.pg() && !cx.target.at_least(10, 0) && x.index.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("hash")) {
        cx.report(
            format!(
                "hash index on `{}`: before PostgreSQL 10 hash indexes are not WAL-logged, so they are corrupt after a \
                 crash and empty on replicas",
                x.index.table
            ),
            "use a btree index",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_pg96() {
        fires(RULE.id, "pg9.6", "CREATE INDEX CONCURRENTLY IF NOT EXISTS u_e ON users USING hash (email);");
    }

    #[test]
    fn quiet_on_pg10() {
        quiet(RULE.id, "pg10", "CREATE INDEX CONCURRENTLY IF NOT EXISTS u_e ON users USING hash (email);");
    }
}
