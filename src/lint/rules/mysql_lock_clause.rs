//! G2 `mysql-lock-clause`: an explicit `LOCK=SHARED|EXCLUSIVE` on a MySQL ALTER.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-lock-clause",
    row: "G2",
    severity: Severity::Warning,
    summary: "LOCK=SHARED/EXCLUSIVE blocks writes (or all access) for the whole ALTER",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.mysql_family() {
        return;
    }
    let strong = sql_of(cx).iter().any(|s| {
        s.starts(&["ALTER"]) && (s.has(&["LOCK", "=", "SHARED"]) || s.has(&["LOCK", "=", "EXCLUSIVE"]) || s.has(&["LOCK", "SHARED"]) || s.has(&["LOCK", "EXCLUSIVE"]))
    });
    let strong = strong || ignored_clauses(cx).iter().any(|c| c == "LOCK=SHARED" || c == "LOCK=EXCLUSIVE");
    if strong {
        cx.report(
            "the ALTER asks for LOCK=SHARED or LOCK=EXCLUSIVE: writes (or reads and writes) are blocked for its whole duration",
            "use LOCK=NONE (or leave the default) so the server refuses if it cannot run online",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_lock_exclusive() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users ADD INDEX users_e (email), LOCK=EXCLUSIVE;");
    }

    #[test]
    fn quiet_on_lock_none() {
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users ADD INDEX users_e (email), ALGORITHM=INPLACE, LOCK=NONE;");
    }
}
