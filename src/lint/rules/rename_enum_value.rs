//! B4 `rename-enum-value`: ALTER TYPE … RENAME VALUE breaks code writing the old value.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "rename-enum-value",
    row: "B4",
    severity: Severity::Error,
    summary: "renaming an enum value breaks running code that writes or compares the old value",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterEnum(x) = &cx.op().kind else { return };
    if let EnumChange::RenameValue { from, to } = &x.change {
        cx.report(
            format!(
                "renaming value '{from}' of enum `{}` to '{to}' is instant, but running code that writes '{from}' \
                 fails with \"invalid input value for enum\"",
                x.name
            ),
            "add the new value, make the application accept both, backfill rows, then stop writing the old value",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_rename_value() {
        fires(RULE.id, "pg16", "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';");
    }

    #[test]
    fn quiet_on_add_value() {
        quiet(RULE.id, "pg16", "ALTER TYPE mood ADD VALUE 'calm' AFTER 'sad';");
    }
}
