//! A11 `change-type-rechecks-constraints`: a type change on a column used by CHECK constraints.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "change-type-rechecks-constraints",
    row: "A11",
    severity: Severity::Warning,
    summary: "a type change re-verifies every CHECK on the column with a full scan under ACCESS EXCLUSIVE",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    if x.data_type.is_none() || !cx.target.pg() || !cx.existing(&x.table) {
        return;
    }
    let Some(t) = cx.table(&x.table) else { return };
    let checks: Vec<&str> = t
        .constraints
        .iter()
        .filter(|c| matches!(&c.kind, ConstraintKind::Check { expr } if mentions(expr, &x.column)))
        .filter_map(|c| c.name.as_deref())
        .collect();
    if !checks.is_empty() {
        cx.report(
            format!(
                "changing the type of `{}.{}` re-checks constraint(s) {} against every row while holding ACCESS \
                 EXCLUSIVE: reads and writes wait for the scan, even when the type change itself is cheap",
                x.table,
                x.column,
                checks.join(", ")
            ),
            "drop the CHECK constraints, change the type, re-add them NOT VALID and VALIDATE CONSTRAINT in a later \
             migration",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_checked_column() {
        fires(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN age TYPE bigint;");
    }

    #[test]
    fn quiet_on_unchecked_column() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE text;");
    }
}
