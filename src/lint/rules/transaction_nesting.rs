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

/// Transaction-control statements the importer dropped (`sql-transaction-control` diagnostics).
fn dropped(cx: &Ctx) -> Vec<(String, Span)> {
    cx.migration
        .diagnostics
        .iter()
        .filter(|d| d.code == "sql-transaction-control")
        .filter_map(|d| Some((d.message.trim_start_matches('`').to_uppercase(), d.span.clone()?)))
        .collect()
}

/// Check one operation (transaction control the importer dropped is reported once, at the
/// migration's first operation).
pub fn check(cx: &Ctx) {
    if cx.target.mysql_family() {
        return;
    }
    // A trigger body's `BEGIN … END` stays inside its statement (`sqltext::statements`).
    if cx.migration.transactional && sql_of(cx).iter().any(|s| tx_control(s)) {
        cx.report(
            "this migration's SQL controls the transaction itself while the runner (polymig, or the ORM's) wraps the \
             migration in one: COMMIT ends the runner's transaction early, so a later failure leaves the migration \
             half applied and unrecorded",
            HELP,
        );
    }
    if cx.index != 0 {
        return;
    }
    let dropped = dropped(cx);
    let plain_sql = cx.op().span.file.ends_with(".sql");
    if !plain_sql && let Some((_, span)) = dropped.first() {
        cx.report_at(
            span.clone(),
            "the migration commits or opens a transaction itself: the ORM's runner already wraps it in one, so a \
             COMMIT here ends that transaction early and a later failure leaves the migration half applied \
             (polymig drops the statement when it runs the migration, which changes its meaning)",
            HELP,
        );
    } else if let Some((_, span)) = dropped.iter().filter(|(t, _)| t.starts_with("BEGIN") || t.starts_with("START")).nth(1) {
        cx.report_at(
            span.clone(),
            "this file holds more than one BEGIN … COMMIT block: polymig runs the whole migration as one transaction, \
             so the blocks are no longer committed separately",
            "split the file into one migration per transaction",
        );
    }
}

const HELP: &str = "remove BEGIN/COMMIT and use the migration's own transactional flag (`-- polymig:no-transaction`, \
                    Rails disable_ddl_transaction!, Alembic autocommit_block())";

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

    /// The `BEGIN … END` of a trigger body is not transaction control.
    #[test]
    fn quiet_on_a_sqlite_trigger_body() {
        quiet(
            RULE.id,
            "sqlite",
            "CREATE TRIGGER users_v_ins INSTEAD OF INSERT ON users_v FOR EACH ROW BEGIN \
             INSERT INTO users (id) VALUES (NEW.id); UPDATE users SET id = id WHERE id = NEW.id; END;",
        );
    }
}
