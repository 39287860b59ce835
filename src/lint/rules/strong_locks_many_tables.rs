//! A28 `strong-locks-many-tables`: one transaction taking strong locks on several existing tables.

use std::collections::BTreeSet;

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "strong-locks-many-tables",
    row: "A28",
    severity: Severity::Warning,
    summary: "strong locks on several tables accumulate until COMMIT and can deadlock",
};

fn locked(ops: &[&Op], cx: &Ctx) -> BTreeSet<String> {
    ops.iter()
        .flat_map(|o| strongly_locked(&o.kind, cx))
        .filter(|t| cx.existing(t))
        .map(|t| t.key().to_lowercase())
        .collect()
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() || !cx.migration.transactional {
        return;
    }
    let before = locked(cx.earlier(), cx);
    let now = locked(&cx.ops[..=cx.index], cx);
    if before.len() < 2 && now.len() >= 2 {
        cx.report(
            format!(
                "this transaction now holds strong locks on {} existing tables ({}): each stays locked until COMMIT, \
                 blocking traffic on all of them, and other transactions locking them in another order can deadlock",
                now.len(),
                now.into_iter().collect::<Vec<_>>().join(", ")
            ),
            "change one table per migration; if it cannot be split, LOCK TABLE parent, child explicitly first",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_two_tables() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN a int; ALTER TABLE orgs ADD COLUMN b int;");
    }

    #[test]
    fn quiet_on_one_table() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN a int; ALTER TABLE users ADD COLUMN b int;");
    }
}
