//! I4 `extension-change`: CREATE / DROP / ALTER EXTENSION.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "extension-change",
    row: "I4",
    severity: Severity::Warning,
    summary: "extensions need superuser-level rights and bring objects polymig does not track",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    let hit = match &cx.op().kind {
        Operation::CreateExtension(_) | Operation::DropExtension(_) => true,
        _ => sql_of(cx).iter().any(|s| s.starts(&["ALTER", "EXTENSION"])),
    };
    if hit {
        cx.report(
            "an extension change: it needs elevated rights that managed databases may refuse, DROP EXTENSION removes \
             every object it created (CASCADE: and what depends on them), and an UPDATE can change function behaviour",
            "check the extension and version are available on every target database, and install it out of band if needed",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_create_extension() {
        fires(RULE.id, "pg16", "CREATE EXTENSION IF NOT EXISTS pg_trgm;");
    }

    #[test]
    fn quiet_on_other_sql() {
        quiet(RULE.id, "pg16", "ANALYZE users;");
    }
}
