//! A21 `drop-table-with-fks`: DROP TABLE of a table holding foreign keys to other tables.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "drop-table-with-fks",
    row: "A21",
    severity: Severity::Warning,
    summary: "DROP TABLE also locks every table its foreign keys reference",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropTable(x) = &cx.op().kind else { return };
    let Some(t) = cx.table(&x.table) else { return };
    if !cx.target.pg() || !cx.existing(&x.table) {
        return;
    }
    let refs: Vec<String> = t
        .constraints
        .iter()
        .filter_map(|c| match &c.kind {
            ConstraintKind::ForeignKey(fk) if fk.ref_table.key() != t.name.key() => Some(fk.ref_table.to_string()),
            _ => None,
        })
        .collect();
    if !refs.is_empty() {
        cx.report(
            format!(
                "DROP TABLE `{}` takes ACCESS EXCLUSIVE on it and on every table it references ({}) to remove the \
                 foreign-key triggers: reads and writes on those tables queue behind it",
                x.table,
                refs.join(", ")
            ),
            "drop the foreign keys one per migration first, then drop the table",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_when_table_has_fk() {
        let f = lint_two("CREATE TABLE m (id bigint, org_id bigint REFERENCES orgs (id));", "DROP TABLE m;");
        assert!(f.iter().any(|f| f.rule == RULE.id));
    }

    #[test]
    fn quiet_without_fk() {
        quiet(RULE.id, "pg16", "DROP TABLE orgs;");
    }
}
