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

/// Tables locked by `ops`, a table renamed in between counted once under its first name.
fn locked(ops: &[&Op], cx: &Ctx) -> BTreeSet<String> {
    let mut alias: Vec<(String, String)> = Vec::new();
    let mut out = BTreeSet::new();
    for o in ops {
        for t in strongly_locked(&o.kind, cx).into_iter().filter(|t| cx.existing(t)) {
            let k = t.key().to_lowercase();
            let k = alias.iter().find(|(to, _)| *to == k).map_or(k, |(_, from)| from.clone());
            out.insert(k);
        }
        if let Operation::RenameTable(r) = &o.kind {
            let from = r.from.key().to_lowercase();
            let from = alias.iter().find(|(to, _)| *to == from).map_or(from, |(_, f)| f.clone());
            alias.push((r.to.key().to_lowercase(), from));
        }
    }
    out
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
