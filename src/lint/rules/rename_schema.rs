//! B3 `rename-schema`: ALTER SCHEMA … RENAME TO breaks every qualified reference.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "rename-schema",
    row: "B3",
    severity: Severity::Error,
    summary: "renaming a schema breaks every running query that names it",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.pg() && sql_of(cx).iter().any(|s| s.starts(&["ALTER", "SCHEMA"]) && s.has(&["RENAME"])) {
        cx.report(
            "renaming a schema is instant, but every running query and search_path naming the old schema fails until \
             all clients are redeployed",
            "create the new schema, dual-write, backfill, move reads, then drop the old schema",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_rename() {
        fires(RULE.id, "pg16", "ALTER SCHEMA app RENAME TO app2;");
    }

    #[test]
    fn quiet_on_owner_change() {
        quiet(RULE.id, "pg16", "ALTER SCHEMA app OWNER TO admin;");
    }
}
