//! E6 `backfill-in-ddl-transaction`: DML on a table in the same transaction as DDL on it.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "backfill-in-ddl-transaction",
    row: "E6",
    severity: Severity::Error,
    summary: "a data change in the same transaction as DDL on the table keeps the DDL lock through the update",
};

/// The table a DML statement writes: `UPDATE t`, `DELETE FROM t`, `INSERT INTO t`.
pub fn dml_table(s: &[Tok]) -> Option<String> {
    let at = if s.starts(&["UPDATE", "ONLY"]) {
        2
    } else if s.starts(&["UPDATE"]) {
        1
    } else if s.starts(&["DELETE", "FROM"]) || s.starts(&["INSERT", "INTO"]) {
        2
    } else {
        return None;
    };
    s.name_at(at).map(|n| n.to_lowercase())
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.migration.transactional || cx.target.mysql_family() {
        return;
    }
    let mut written: Vec<String> = sql_of(cx).iter().filter_map(|s| dml_table(s)).collect();
    if let Operation::Backfill(b) = &cx.op().kind {
        written.push(b.table.name.to_lowercase());
    }
    for t in written {
        let q = QName::new(t.clone());
        if !cx.existing(&q) {
            continue;
        }
        let ddl = cx.ops.iter().enumerate().any(|(i, o)| {
            i != cx.index && !matches!(o.kind, Operation::Sql(_)) && table_of(&o.kind, cx).is_some_and(|x| x.name.to_lowercase() == t)
        });
        if ddl {
            cx.report(
                format!(
                    "rows of `{t}` are changed in the same transaction as DDL on `{t}`: the DDL's lock (ACCESS \
                     EXCLUSIVE on PostgreSQL) is held until the data change commits, blocking all traffic on the table \
                     for the whole update"
                ),
                "do the DDL in one migration and the data change in a separate, non-transactional batched backfill",
            );
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_update_with_ddl() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN plan text; UPDATE users SET plan = 'free';");
    }

    #[test]
    fn quiet_on_seed_of_new_table() {
        quiet(RULE.id, "pg16", "CREATE TABLE plans (name text); INSERT INTO plans VALUES ('free');");
    }

    #[test]
    fn fires_on_backfill_with_ddl() {
        fires(
            RULE.id,
            "pg16",
            "ALTER TABLE users ADD COLUMN plan text;\n-- polymig:backfill table=users set=\"plan = 'free'\" where=\"plan IS NULL\"",
        );
    }
}
