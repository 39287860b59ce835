//! E4 `uncommitted-transaction`: BEGIN without a matching COMMIT.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "uncommitted-transaction",
    row: "E4",
    severity: Severity::Error,
    summary: "a BEGIN without COMMIT leaves the migration's changes uncommitted",
};

fn balance(cx: &Ctx) -> (i32, Option<Span>) {
    let mut open = 0;
    let mut at = None;
    let mut count = |text: &str, span: &Span| {
        let t = text.trim_start().to_uppercase();
        if t.starts_with("BEGIN") || t.starts_with("START TRANSACTION") {
            open += 1;
            at = Some(span.clone());
        } else if t.starts_with("COMMIT") || t.starts_with("END") || t.starts_with("ROLLBACK") && !t.contains(" TO ") {
            open -= 1;
        }
    };
    for d in cx.migration.diagnostics.iter().filter(|d| d.code == "sql-transaction-control") {
        let text = d.message.trim_start_matches('`');
        if let Some(span) = &d.span {
            count(text, span);
        }
    }
    for o in cx.ops {
        if let Operation::Sql(s) = &o.kind {
            for st in s.sql.split(';') {
                count(st, &o.span);
            }
        }
    }
    (open, at)
}

/// Check one operation (reports once per migration, at its first operation).
pub fn check(cx: &Ctx) {
    if cx.index != 0 {
        return;
    }
    if let (open, Some(span)) = balance(cx)
        && open > 0
    {
        cx.report_at(
            span,
            "a transaction is opened with BEGIN and never committed: its changes are rolled back when the session \
             ends, or, under a runner, the migration is recorded while its changes vanish",
            "add the COMMIT, or drop BEGIN and let the runner's transaction cover the migration",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_begin_without_commit() {
        fires(RULE.id, "pg16", "BEGIN;\nALTER TABLE users ADD COLUMN a int;");
    }

    #[test]
    fn quiet_on_balanced() {
        quiet(RULE.id, "pg16", "BEGIN;\nALTER TABLE users ADD COLUMN a int;\nCOMMIT;");
    }
}
