//! F1 `prefer-bigint-keys`: 32-bit or smaller primary keys and `*_id` columns.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "prefer-bigint-keys",
    row: "F1",
    severity: Severity::Warning,
    summary: "integer keys run out at 2^31; widening later is a full rewrite",
};

fn short(c: &Column) -> bool {
    matches!(c.data_type, DataType::Integer { bits, .. } if bits <= 32)
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    // SQLite stores every INTEGER in up to 8 bytes, whatever the declared width.
    if cx.target.sqlite() {
        return;
    }
    let (table, cols, pk): (&QName, Vec<&Column>, Vec<String>) = match &cx.op().kind {
        Operation::CreateTable(x) => (
            &x.table,
            x.columns.iter().collect(),
            x.constraints.iter().filter(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. })).flat_map(|c| c.columns().to_vec()).collect(),
        ),
        Operation::AddColumn(x) => (&x.table, vec![&x.column], Vec::new()),
        _ => return,
    };
    for c in cols {
        let key = pk.iter().any(|p| p.eq_ignore_ascii_case(&c.name)) || c.name == "id" || c.name.ends_with("_id");
        if key && short(c) {
            cx.report(
                format!(
                    "key column `{table}.{}` is a 32-bit (or smaller) integer: it overflows at 2,147,483,647 rows, and \
                     widening it later rewrites the table and every referencing table",
                    c.name
                ),
                "use bigint (GENERATED … AS IDENTITY / bigserial / BIGINT AUTO_INCREMENT)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_int_id() {
        fires(RULE.id, "pg16", "CREATE TABLE t (id int PRIMARY KEY);");
    }

    #[test]
    fn quiet_on_bigint_id() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (id bigint PRIMARY KEY, n int);");
    }

    #[test]
    fn quiet_on_sqlite_where_every_integer_is_64_bit() {
        quiet(RULE.id, "sqlite", "CREATE TABLE t (id int PRIMARY KEY);");
    }
}
