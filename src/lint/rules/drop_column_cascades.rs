//! A22 `drop-column-cascades`: DROP COLUMN of a column covered by indexes or constraints.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "drop-column-cascades",
    row: "A22",
    severity: Severity::Warning,
    summary: "DROP COLUMN also drops its indexes (non-concurrently) and foreign keys under the same lock",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropColumn(x) = &cx.op().kind else { return };
    let Some(t) = cx.table(&x.table) else { return };
    if !cx.target.pg() || !cx.existing(&x.table) {
        return;
    }
    let col = x.column.to_lowercase();
    let mut deps: Vec<String> = t
        .indexes
        .iter()
        .filter(|i| i.column_names().iter().any(|c| c.to_lowercase() == col))
        .map(|i| format!("index {}", i.name.as_deref().unwrap_or("?")))
        .collect();
    deps.extend(
        t.constraints
            .iter()
            .filter(|c| !matches!(c.kind, ConstraintKind::Check { .. }))
            .filter(|c| c.columns().iter().any(|n| n.to_lowercase() == col))
            .map(|c| format!("constraint {}", c.name.as_deref().unwrap_or("?"))),
    );
    if !deps.is_empty() {
        cx.report(
            format!(
                "dropping `{}.{}` also drops {} inside the same ACCESS EXCLUSIVE lock (indexes non-concurrently, \
                 foreign keys locking the other table too)",
                x.table,
                x.column,
                deps.join(", ")
            ),
            "DROP INDEX CONCURRENTLY each index and drop foreign keys one per migration first, then drop the column",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_indexed_column() {
        fires(RULE.id, "pg16", "ALTER TABLE users DROP COLUMN org_id;");
    }

    #[test]
    fn quiet_on_plain_column() {
        quiet(RULE.id, "pg16", "ALTER TABLE users DROP COLUMN name;");
    }
}
