//! D5 `create-table-replaces`: CREATE TABLE right after DROP TABLE IF EXISTS of the same name (Rails `force: true`).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "create-table-replaces",
    row: "D5",
    severity: Severity::Error,
    summary: "create-table-with-drop (Rails force: true) silently deletes an existing table",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::CreateTable(x) = &cx.op().kind else { return };
    let Some(prev) = cx.earlier().last() else { return };
    if let Operation::DropTable(d) = &prev.kind
        && d.if_exists
        && d.table.key().eq_ignore_ascii_case(&x.table.key())
    {
        cx.report(
            format!("`{}` is dropped if it exists and created again: any existing table and its rows are lost", x.table),
            "drop the old table in its own reviewed migration (or not at all), and create the new one plainly",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_drop_then_create() {
        fires(RULE.id, "pg16", "DROP TABLE IF EXISTS t; CREATE TABLE t (a int);");
    }

    #[test]
    fn quiet_on_plain_create() {
        quiet(RULE.id, "pg16", "CREATE TABLE t (a int);");
    }
}
