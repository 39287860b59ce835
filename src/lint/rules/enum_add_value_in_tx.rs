//! F15 `enum-add-value-in-tx`: ALTER TYPE … ADD VALUE inside a transactional migration.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "enum-add-value-in-tx",
    row: "F15",
    severity: Severity::Warning,
    summary: "ADD VALUE in a transaction fails before PostgreSQL 12 and the value is unusable until COMMIT",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterEnum(x) = &cx.op().kind else { return };
    let EnumChange::AddValue { value, .. } = &x.change else { return };
    if !cx.target.pg() || !cx.migration.transactional {
        return;
    }
    if !cx.target.at_least(12, 0) {
        cx.report(
            format!("ALTER TYPE `{}` ADD VALUE cannot run inside a transaction block before PostgreSQL 12: the migration fails", x.name),
            "put ADD VALUE in its own non-transactional migration",
        );
    } else if !cx.later().is_empty() {
        cx.report(
            format!(
                "'{value}' is added to enum `{}` inside a transaction with more statements after it: PostgreSQL refuses \
                 to use the new value before COMMIT (\"unsafe use of new value\")",
                x.name
            ),
            "make ADD VALUE the last statement of its migration, or give it its own migration",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_when_followed() {
        fires(RULE.id, "pg16", "ALTER TYPE mood ADD VALUE 'calm'; ALTER TABLE users ADD COLUMN m text;");
        fires(RULE.id, "pg11", "ALTER TYPE mood ADD VALUE 'calm';");
    }

    #[test]
    fn quiet_when_last_on_12() {
        quiet(RULE.id, "pg12", "ALTER TYPE mood ADD VALUE 'calm';");
    }
}
