//! D4 `truncate-cascade`: TRUNCATE … CASCADE empties every referencing table too.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "truncate-cascade",
    row: "D4",
    severity: Severity::Error,
    summary: "TRUNCATE … CASCADE silently empties every table with a foreign key to it",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.pg() && sql_of(cx).iter().any(|s| s.starts(&["TRUNCATE"]) && s.has(&["CASCADE"])) {
        cx.report(
            "TRUNCATE … CASCADE also empties every table that references the truncated ones, recursively",
            "truncate the named tables only, listing each one explicitly",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_cascade() {
        fires(RULE.id, "pg16", "TRUNCATE orgs CASCADE;");
    }

    #[test]
    fn quiet_without_cascade() {
        quiet(RULE.id, "pg16", "TRUNCATE orgs;");
    }
}
