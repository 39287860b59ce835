//! H3 `sqlite-fk-pragma-in-tx`: `PRAGMA foreign_keys` inside a transactional migration (a no-op there).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "sqlite-fk-pragma-in-tx",
    row: "H3",
    severity: Severity::Error,
    summary: "PRAGMA foreign_keys is silently ignored inside a transaction",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.sqlite() || !cx.migration.transactional {
        return;
    }
    if sql_of(cx).iter().any(|s| s.starts(&["PRAGMA", "FOREIGN_KEYS"])) {
        cx.report(
            "PRAGMA foreign_keys inside a transaction does nothing: a rebuild that relies on it runs with foreign keys \
             still on (cascading deletes fire on DROP TABLE) or leaves them off unnoticed",
            "mark the migration non-transactional and toggle the pragma outside the transaction; run \
             PRAGMA foreign_key_check before COMMIT",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_in_transaction() {
        fires(RULE.id, "sqlite", "PRAGMA foreign_keys = OFF;");
    }

    #[test]
    fn quiet_outside_transaction() {
        let f = lint_tx("sqlite", "PRAGMA foreign_keys = OFF;", false);
        assert!(!f.iter().any(|f| f.rule == RULE.id));
    }
}
