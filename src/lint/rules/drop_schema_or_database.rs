//! D1 `drop-schema-or-database`: DROP DATABASE / DROP SCHEMA.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "drop-schema-or-database",
    row: "D1",
    severity: Severity::Error,
    summary: "DROP DATABASE / DROP SCHEMA destroys every object in it",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if sql_of(cx).iter().any(|s| s.starts(&["DROP", "DATABASE"]) || s.starts(&["DROP", "SCHEMA"])) {
        cx.report(
            "DROP DATABASE / DROP SCHEMA deletes every table and row in it, irreversibly",
            "check it is empty and back it up; drop the objects one by one in reviewed migrations",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_drop_schema() {
        fires(RULE.id, "pg16", "DROP SCHEMA archive CASCADE;");
    }

    #[test]
    fn quiet_on_create_schema() {
        quiet(RULE.id, "pg16", "CREATE SCHEMA archive;");
    }
}
