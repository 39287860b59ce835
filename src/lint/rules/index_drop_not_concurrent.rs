//! A2 `index-drop-not-concurrent`: `DROP INDEX` without `CONCURRENTLY` (PostgreSQL).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "index-drop-not-concurrent",
    row: "A2",
    severity: Severity::Warning,
    summary: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table (PostgreSQL)",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropIndex(x) = &cx.op().kind else { return };
    if !cx.target.pg() || x.concurrently {
        return;
    }
    if table_of(&cx.op().kind, cx).is_some_and(|t| !cx.existing(&t)) {
        return;
    }
    cx.report(
        format!(
            "DROP INDEX `{}` takes an ACCESS EXCLUSIVE lock on its table: short, but it queues behind any running \
             query and every read and write queues behind it",
            x.name
        ),
        "DROP INDEX CONCURRENTLY IF EXISTS in a non-transactional migration",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_plain_drop() {
        fires(RULE.id, "pg16", "DROP INDEX users_org_id_idx;");
    }

    #[test]
    fn quiet_when_concurrent() {
        quiet(RULE.id, "pg16", "DROP INDEX CONCURRENTLY users_org_id_idx;");
        quiet(RULE.id, "sqlite", "DROP INDEX users_org_id_idx;");
    }
}
