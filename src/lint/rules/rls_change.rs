//! I1 `rls-change`: enabling/disabling row-level security or changing policies.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "rls-change",
    row: "I1",
    severity: Severity::Warning,
    summary: "row-level security changes alter who sees which rows",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    let hit = sql_of(cx).iter().any(|s| {
        s.has(&["ROW", "LEVEL", "SECURITY"]) || ["CREATE", "ALTER", "DROP"].iter().any(|w| s.starts(&[w, "POLICY"]))
    });
    if hit {
        cx.report(
            "a row-level security change: enabling it before the policies exist hides every row from non-owners, \
             disabling it exposes them; ALTER TABLE … ROW LEVEL SECURITY also takes ACCESS EXCLUSIVE briefly",
            "create the policies before enabling RLS, and have the change reviewed for authorization impact",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_enable() {
        fires(RULE.id, "pg16", "ALTER TABLE users ENABLE ROW LEVEL SECURITY;");
    }

    #[test]
    fn quiet_on_other_alter() {
        quiet(RULE.id, "pg16", "ANALYZE users;");
    }
}
