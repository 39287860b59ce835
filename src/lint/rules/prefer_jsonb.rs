//! F7 `prefer-jsonb`: `json` columns on PostgreSQL.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "prefer-jsonb",
    row: "F7",
    severity: Severity::Warning,
    summary: "PostgreSQL json has no equality operator: DISTINCT, GROUP BY and UNION on it fail",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() {
        return;
    }
    let cols: Vec<&Column> = match &cx.op().kind {
        Operation::CreateTable(x) => x.columns.iter().collect(),
        Operation::AddColumn(x) => vec![&x.column],
        Operation::AlterColumn(_) => return,
        _ => return,
    };
    for c in cols.into_iter().filter(|c| c.data_type == DataType::Json { binary: false }) {
        cx.report(
            format!(
                "column `{}` is json: PostgreSQL has no equality operator for json, so SELECT DISTINCT, GROUP BY and \
                 UNION over it fail (Rails and Django issue such queries)",
                c.name
            ),
            "use jsonb",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_json() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN prefs json;");
    }

    #[test]
    fn quiet_on_jsonb() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN prefs jsonb;");
    }
}
