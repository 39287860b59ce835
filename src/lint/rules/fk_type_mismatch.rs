//! F2 `fk-type-mismatch`: a foreign-key column whose type differs from the referenced key's.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "fk-type-mismatch",
    row: "F2",
    severity: Severity::Warning,
    summary: "foreign-key and referenced columns of different types compare slowly and overflow",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let op = &cx.op().kind;
    let (table, own): (&QName, Vec<&Column>) = match op {
        Operation::CreateTable(x) => (&x.table, x.columns.iter().collect()),
        Operation::AddColumn(x) => (&x.table, vec![&x.column]),
        Operation::AddConstraint(x) => (&x.table, Vec::new()),
        _ => return,
    };
    for fk in foreign_keys(op) {
        let Some(rt) = cx.table(&fk.ref_table) else { continue };
        let ref_cols: Vec<String> = if fk.ref_columns.is_empty() {
            rt.primary_key().map(|p| p.columns().to_vec()).unwrap_or_default()
        } else {
            fk.ref_columns.clone()
        };
        for (c, r) in fk.columns.iter().zip(&ref_cols) {
            let mine = own.iter().find(|x| x.name.eq_ignore_ascii_case(c)).copied().or_else(|| cx.table(table).and_then(|t| t.column(c)));
            let (Some(mine), Some(theirs)) = (mine, rt.column(r)) else { continue };
            // SQLite stores every INTEGER in up to 8 bytes: declared widths do not differ there.
            let both_sqlite_integers = cx.target.sqlite()
                && matches!((&mine.data_type, &theirs.data_type), (DataType::Integer { .. }, DataType::Integer { .. }));
            if mine.data_type != theirs.data_type && !both_sqlite_integers {
                cx.report(
                    format!(
                        "`{table}.{c}` ({:?}) references `{}.{r}` ({:?}): joins need casts that defeat indexes, and a \
                         narrower referencing column overflows before the key does",
                        mine.data_type, fk.ref_table, theirs.data_type
                    ),
                    "declare the referencing column with exactly the referenced column's type",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_int_to_bigint_reference() {
        fires(RULE.id, "pg16", "CREATE TABLE m (id bigint, org_id int REFERENCES orgs (id));");
    }

    #[test]
    fn quiet_on_same_type() {
        quiet(RULE.id, "pg16", "CREATE TABLE m (id bigint, org_id bigint REFERENCES orgs (id));");
    }

    #[test]
    fn quiet_on_sqlite_integer_widths() {
        quiet(RULE.id, "sqlite", "CREATE TABLE m (id bigint, org_id int REFERENCES orgs (id));");
        fires(RULE.id, "sqlite", "CREATE TABLE m (id bigint, org_id text REFERENCES orgs (id));");
    }
}
