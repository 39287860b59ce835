//! A3 `concurrently-in-transaction`: a `CONCURRENTLY` statement sharing a transactional migration.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "concurrently-in-transaction",
    row: "A3",
    severity: Severity::Error,
    summary: "CONCURRENTLY cannot run inside a transaction block; isolate it in a non-transactional migration",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() || !concurrent(&cx.op().kind) {
        return;
    }
    let others = cx.ops.iter().filter(|o| !concurrent(&o.kind)).count();
    if cx.migration.transactional && others > 0 {
        cx.report(
            "a CONCURRENTLY statement shares a transactional migration with other operations: the ORM's runner \
             fails with \"cannot run inside a transaction block\", and polymig has to run the whole migration \
             without a transaction, so a failure leaves it half applied",
            "move the concurrent statement into a migration of its own marked non-transactional \
             (`-- polymig:no-transaction`, Rails `disable_ddl_transaction!`, Alembic `autocommit_block()`)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_when_mixed_with_other_operations() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN x int; CREATE INDEX CONCURRENTLY u_x ON users (x);");
    }

    #[test]
    fn quiet_when_alone() {
        quiet(RULE.id, "pg16", "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);");
    }
}
