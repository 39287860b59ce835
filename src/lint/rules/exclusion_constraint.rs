//! A19 `exclusion-constraint`: ADD CONSTRAINT … EXCLUDE on an existing table (raw SQL).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "exclusion-constraint",
    row: "A19",
    severity: Severity::Error,
    summary: "ADD EXCLUDE builds and checks an index under ACCESS EXCLUSIVE, with no online form",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    for s in sql_of(cx) {
        if s.starts(&["ALTER", "TABLE"]) && s.has(&["EXCLUDE"]) && s.has(&["ADD"]) {
            let table = s.name_at(if s.starts(&["ALTER", "TABLE", "ONLY"]) { 3 } else { 2 }).unwrap_or_default();
            if cx.existing(&QName::new(table.clone())) {
                cx.report(
                    format!(
                        "adding an EXCLUDE constraint to existing table `{table}` builds and checks its index while \
                         holding ACCESS EXCLUSIVE: reads and writes are blocked; there is no NOT VALID or USING INDEX form"
                    ),
                    "create a new table with the constraint and copy rows into it (rename-table recipe), or run it in \
                     a maintenance window",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_exclude() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD CONSTRAINT no_overlap EXCLUDE USING gist (age WITH =);");
    }

    #[test]
    fn quiet_on_other_sql() {
        quiet(RULE.id, "pg16", "ANALYZE users;");
    }
}
