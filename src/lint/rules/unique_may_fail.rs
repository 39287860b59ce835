//! C1 `unique-may-fail`: a unique index or constraint over existing rows may hit duplicates.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "unique-may-fail",
    row: "C1",
    severity: Severity::Warning,
    summary: "a unique index or constraint on existing data fails if duplicates exist",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (table, cols): (&QName, Vec<String>) = match &cx.op().kind {
        Operation::CreateIndex(x) if x.index.unique => {
            (&x.index.table, x.index.column_names().iter().map(|s| s.to_string()).collect())
        }
        Operation::AddConstraint(x)
            if matches!(x.constraint.kind, ConstraintKind::Unique { .. } | ConstraintKind::PrimaryKey { .. }) =>
        {
            (&x.table, x.constraint.columns().to_vec())
        }
        _ => return,
    };
    if cx.existing(table) {
        let cols = cols.join(", ");
        cx.report(
            format!(
                "a unique key on existing table `{table}` ({cols}) fails if duplicates exist or arrive during the build; \
                 on PostgreSQL a failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind"
            ),
            format!("check first: SELECT {cols}, count(*) FROM {table} GROUP BY {cols} HAVING count(*) > 1; dedupe, then add it"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_unique_index() {
        fires(RULE.id, "pg16", "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);");
    }

    #[test]
    fn quiet_on_plain_index() {
        quiet(RULE.id, "pg16", "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);");
    }
}
