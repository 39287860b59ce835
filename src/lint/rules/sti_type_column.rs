//! B11 `sti-type-column`: adding a `type` column with a default (Rails single-table inheritance).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "sti-type-column",
    row: "B11",
    severity: Severity::Warning,
    summary: "a new `type` column with a default makes running Rails code look up subclasses that do not exist",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    if x.column.name == "type" && non_null_default(x.column.default.as_ref()) && cx.existing(&x.table) {
        cx.report(
            format!(
                "adding `{}.type` with a default: ORMs using `type` for single-table inheritance (Rails) load every \
                 existing row as the subclass named by the default, and running code without that class fails",
                x.table
            ),
            "add the column without a default and make the model ignore it, deploy, then set the values",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_type_with_default() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN type text DEFAULT 'Admin';");
    }

    #[test]
    fn quiet_without_default() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN type text;");
    }
}
