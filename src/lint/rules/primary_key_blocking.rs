//! A18 `primary-key-blocking`: adding a PRIMARY KEY to an existing table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "primary-key-blocking",
    row: "A18",
    severity: Severity::Error,
    summary: "ADD PRIMARY KEY builds an index (and a NOT NULL scan) under ACCESS EXCLUSIVE",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (table, cons) = match &cx.op().kind {
        Operation::AddConstraint(x) => (&x.table, vec![&x.constraint]),
        Operation::AddColumn(x) => (&x.table, x.constraints.iter().collect()),
        _ => return,
    };
    let Some(pk) = cons.iter().find(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. })) else { return };
    if !cx.existing(table) {
        return;
    }
    let nullable = pk.columns().iter().any(|c| cx.table(table).and_then(|t| t.column(c)).is_none_or(|c| c.nullable));
    if cx.target.mysql_family() && !nullable {
        return; // INPLACE rebuild with concurrent DML
    }
    let how = if cx.target.pg() {
        "builds the index while holding ACCESS EXCLUSIVE (plus a NOT NULL scan for nullable columns): reads and writes \
         are blocked"
    } else if cx.target.sqlite() {
        "needs a table rebuild holding the write lock"
    } else {
        "must convert nullable columns to NOT NULL, which blocks concurrent DML during the rebuild"
    };
    cx.report(
        format!("adding a primary key to existing table `{table}` {how}"),
        "make the columns NOT NULL with the CHECK NOT VALID recipe, CREATE UNIQUE INDEX CONCURRENTLY, then \
         ADD CONSTRAINT … PRIMARY KEY USING INDEX",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_existing_table() {
        fires(RULE.id, "pg16", "CREATE TABLE t (a int); ALTER TABLE users DROP CONSTRAINT users_pkey; ALTER TABLE users ADD PRIMARY KEY (id);");
    }

    #[test]
    fn quiet_on_new_table() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int); ALTER TABLE t ADD PRIMARY KEY (a);");
    }
}
