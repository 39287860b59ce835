//! A5 `concurrent-index-pg14-bug`: concurrent index builds on PostgreSQL 14.0–14.3 can corrupt indexes.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "concurrent-index-pg14-bug",
    row: "A5",
    severity: Severity::Error,
    summary: "CREATE INDEX / REINDEX CONCURRENTLY on PostgreSQL 14.0-14.3 can silently corrupt the index",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let v = cx.target.version;
    if !cx.target.pg() || v.0 != 14 || v.1 > 3 {
        return;
    }
    let hit = match &cx.op().kind {
        Operation::CreateIndex(x) => x.concurrently,
        Operation::Sql(_) => sql_of(cx).iter().any(|s| s.starts(&["REINDEX"]) && s.has(&["CONCURRENTLY"])),
        _ => false,
    };
    if hit {
        cx.report(
            format!(
                "PostgreSQL {v} has a bug in CREATE INDEX CONCURRENTLY / REINDEX CONCURRENTLY that can leave the index \
                 missing rows, so queries using it return wrong results"
            ),
            "upgrade to PostgreSQL 14.4 or later before building indexes concurrently",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_14_3() {
        fires(RULE.id, "pg14.3", "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);");
    }

    #[test]
    fn quiet_on_14_4() {
        quiet(RULE.id, "pg14.4", "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);");
    }
}
