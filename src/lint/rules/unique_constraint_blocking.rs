//! A17 `unique-constraint-blocking`: ADD CONSTRAINT … UNIQUE builds its index under ACCESS EXCLUSIVE.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "unique-constraint-blocking",
    row: "A17",
    severity: Severity::Error,
    summary: "ADD UNIQUE builds the index while holding ACCESS EXCLUSIVE (PostgreSQL)",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (table, cons) = match &cx.op().kind {
        Operation::AddConstraint(x) => (&x.table, vec![&x.constraint]),
        Operation::AddColumn(x) => (&x.table, x.constraints.iter().collect()),
        _ => return,
    };
    if !cx.target.pg() || !cx.existing(table) || !cons.iter().any(|c| matches!(c.kind, ConstraintKind::Unique { .. })) {
        return;
    }
    cx.report(
        format!(
            "adding a UNIQUE constraint to existing table `{table}` builds its index while holding ACCESS EXCLUSIVE: \
             reads and writes are blocked for the whole build"
        ),
        "CREATE UNIQUE INDEX CONCURRENTLY first (non-transactional), then ADD CONSTRAINT … UNIQUE USING INDEX",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_add_unique() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);");
    }

    #[test]
    fn quiet_on_concurrent_unique_index() {
        quiet(RULE.id, "pg16", "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);");
    }
}
