//! A25 `table-rewrite-maintenance`: VACUUM FULL, CLUSTER, SET TABLESPACE / LOGGED / UNLOGGED / ACCESS METHOD.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "table-rewrite-maintenance",
    row: "A25",
    severity: Severity::Warning,
    summary: "VACUUM FULL, CLUSTER and SET TABLESPACE/LOGGED/ACCESS METHOD copy the table under ACCESS EXCLUSIVE",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    let hit = sql_of(cx).iter().any(|s| {
        s.starts(&["VACUUM", "FULL"])
            || s.starts(&["VACUUM", "(", "FULL"])
            || s.starts(&["CLUSTER"])
            || s.starts(&["ALTER", "TABLE"])
                && [&["SET", "TABLESPACE"][..], &["SET", "LOGGED"], &["SET", "UNLOGGED"], &["SET", "ACCESS", "METHOD"]]
                    .iter()
                    .any(|w| s.has(w))
    });
    if hit {
        cx.report(
            "this statement copies the whole table while holding ACCESS EXCLUSIVE: reads and writes are blocked until \
             the copy finishes",
            "use pg_repack (or REPACK CONCURRENTLY on PostgreSQL 19), or a new table filled in batches and swapped",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_vacuum_full() {
        fires(RULE.id, "pg16", "VACUUM FULL users;");
    }

    #[test]
    fn quiet_on_plain_vacuum() {
        quiet(RULE.id, "pg16", "VACUUM users;");
    }
}
