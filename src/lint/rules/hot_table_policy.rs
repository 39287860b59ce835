//! F19 `hot-table-policy`: schema changes on tables the `[lint] hot_tables` policy protects.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "hot-table-policy",
    row: "F19",
    severity: Severity::Warning,
    summary: "adding columns, indexes or foreign keys on a configured hot/wide/large table needs a plan",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let op = &cx.op().kind;
    let tables: Vec<QName> = match op {
        Operation::AddColumn(x) => vec![x.table.clone()],
        Operation::CreateIndex(x) => vec![x.index.table.clone()],
        _ => foreign_keys(op).into_iter().map(|fk| fk.ref_table.clone()).collect(),
    };
    for t in tables {
        if cx.hot_tables.iter().any(|h| h.eq_ignore_ascii_case(&t.name) || h.eq_ignore_ascii_case(&t.key())) {
            cx.report(
                format!(
                    "`{t}` is listed in [lint] hot_tables: {} on it competes with heavy traffic for locks and I/O",
                    op.name()
                ),
                "follow the team's policy for this table (post-deploy migration, off-peak window, or a separate table)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::import::sql::parse_script;
    use crate::ir::{Migration, SqlDialect};
    use crate::lint::{LintConfig, LintOptions, lint_history};

    fn run(hot: &[&str]) -> usize {
        let mut m = Migration::new("1", "m");
        m.up = parse_script("ALTER TABLE events ADD COLUMN a int;", "m.sql", SqlDialect::Postgres).0;
        let config = LintConfig { hot_tables: hot.iter().map(|s| s.to_string()).collect(), ..LintConfig::default() };
        lint_history(&[m], &LintOptions { target: "pg16".parse().unwrap(), config })
            .findings
            .iter()
            .filter(|f| f.rule == RULE.id)
            .count()
    }

    #[test]
    fn fires_on_hot_table() {
        assert_eq!(run(&["events"]), 1);
    }

    #[test]
    fn quiet_otherwise() {
        assert_eq!(run(&[]), 0);
    }
}
