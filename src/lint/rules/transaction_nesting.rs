//! E3 `transaction-nesting`: BEGIN / COMMIT / ROLLBACK inside a migration the runner wraps.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "transaction-nesting",
    row: "E3",
    severity: Severity::Error,
    summary: "transaction control inside a wrapped migration commits or aborts the runner's transaction",
};

/// The statement controls the transaction.
pub fn tx_control(s: &[Tok]) -> bool {
    ["BEGIN", "COMMIT", "ROLLBACK", "END"].iter().any(|w| s.starts(&[w])) && !s.has(&["TO", "SAVEPOINT"])
        || s.starts(&["START", "TRANSACTION"])
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.migration.transactional && !cx.target.mysql_family() && sql_of(cx).iter().any(|s| tx_control(s)) {
        cx.report(
            "this migration's SQL controls the transaction itself while the runner (polymig, or the ORM's) wraps the \
             migration in one: COMMIT ends the runner's transaction early, so a later failure leaves the migration \
             half applied and unrecorded",
            "remove BEGIN/COMMIT and use the migration's own transactional flag (`-- polymig:no-transaction`, \
             Rails disable_ddl_transaction!, Alembic autocommit_block())",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_commit_inside_raw_sql() {
        use crate::ir::*;
        let f = lint_ops_pg(vec![RawSql { sql: "COMMIT".into(), down: None, dialect: None, no_transaction: false }]);
        assert!(f.iter().any(|f| f.rule == RULE.id));
    }

    #[test]
    fn quiet_on_plain_sql() {
        quiet(RULE.id, "pg16", "ANALYZE users;");
    }
}
