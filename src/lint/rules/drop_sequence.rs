//! D2 `drop-sequence`: DROP SEQUENCE loses its current value.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "drop-sequence",
    row: "D2",
    severity: Severity::Warning,
    summary: "DROP SEQUENCE loses its current value permanently",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.pg() && sql_of(cx).iter().any(|s| s.starts(&["DROP", "SEQUENCE"])) {
        cx.report(
            "DROP SEQUENCE loses its current value for good; defaults calling nextval() on it start failing",
            "drop only unowned, unused sequences, and record last_value first",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_drop_sequence() {
        fires(RULE.id, "pg16", "DROP SEQUENCE order_numbers;");
    }

    #[test]
    fn quiet_on_create_sequence() {
        quiet(RULE.id, "pg16", "CREATE SEQUENCE order_numbers;");
    }
}
