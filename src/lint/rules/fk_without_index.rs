//! F11 `fk-without-index`: a foreign key whose columns no index leads with.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "fk-without-index",
    row: "F11",
    severity: Severity::Warning,
    summary: "without an index on the FK columns every delete/update of a parent row scans the child table",
};

fn leads(cols: &[String], fk: &[String]) -> bool {
    cols.len() >= fk.len() && fk.iter().zip(cols).all(|(a, b)| a.eq_ignore_ascii_case(b))
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if cx.target.mysql_family() {
        return; // InnoDB creates the index itself
    }
    let op = &cx.op().kind;
    let Some(table) = table_of(op, cx) else { return };
    let own: Vec<Vec<String>> = match op {
        Operation::CreateTable(x) => x.constraints.iter().filter(|c| !matches!(c.kind, ConstraintKind::ForeignKey(_))).map(|c| c.columns().to_vec()).collect(),
        _ => Vec::new(),
    };
    let mut indexed: Vec<Vec<String>> = own;
    if let Some(t) = cx.table(&table) {
        indexed.extend(t.indexes.iter().map(|i| i.column_names().iter().map(|s| s.to_string()).collect()));
        indexed.extend(t.constraints.iter().filter(|c| !matches!(c.kind, ConstraintKind::ForeignKey(_))).map(|c| c.columns().to_vec()));
    }
    indexed.extend(cx.later().iter().filter_map(|o| match &o.kind {
        Operation::CreateIndex(c) if c.index.table.key().eq_ignore_ascii_case(&table.key()) => {
            Some(c.index.column_names().iter().map(|s| s.to_string()).collect())
        }
        _ => None,
    }));
    for fk in foreign_keys(op) {
        if !indexed.iter().any(|cols| leads(cols, &fk.columns)) {
            cx.report(
                format!(
                    "foreign key `{}({})` has no index leading with its columns: each DELETE or key UPDATE on `{}` scans \
                     `{}` to check references, holding locks meanwhile",
                    table,
                    fk.columns.join(", "),
                    fk.ref_table,
                    table
                ),
                "create an index on the foreign-key columns (CONCURRENTLY on PostgreSQL) before adding the constraint",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_index() {
        fires(RULE.id, "pg16", "CREATE TABLE m (id bigint, org_id bigint REFERENCES orgs (id));");
    }

    #[test]
    fn quiet_with_index() {
        quiet(
            RULE.id,
            "pg16",
            "ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;",
        );
    }
}
