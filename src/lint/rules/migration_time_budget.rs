//! E9 `migration-time-budget`: a migration rewriting or scanning a table listed as large in `hot_tables`.
//!
//! polymig has no row estimates offline; the `[lint] hot_tables` list stands for "large". A
//! regular migration touching such a table with a rewrite, a validating scan or a blocking index
//! build is expected to exceed the few-minutes budget of a deploy-time migration.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "migration-time-budget",
    row: "E9",
    severity: Severity::Warning,
    summary: "a full-table operation on a large table will not fit a deploy-time migration's time budget",
};

fn full_table(op: &Operation) -> bool {
    match op {
        Operation::AlterColumn(x) => x.data_type.is_some() || x.nullable == Some(false),
        Operation::AddConstraint(x) => !x.not_valid,
        Operation::CreateIndex(_) | Operation::ValidateConstraint(_) => true,
        Operation::Sql(s) => statements(&s.sql).iter().any(|st| st.starts(&["UPDATE"]) || st.starts(&["DELETE"])),
        _ => false,
    }
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Some(t) = table_of(&cx.op().kind, cx).or_else(|| {
        sql_of(cx).iter().find_map(|s| super::backfill_in_ddl_transaction::dml_table(s)).map(QName::new)
    }) else {
        return;
    };
    let hot = cx.hot_tables.iter().any(|h| h.eq_ignore_ascii_case(&t.name) || h.eq_ignore_ascii_case(&t.key()));
    if hot && full_table(&cx.op().kind) && cx.existing(&t) {
        cx.report(
            format!(
                "`{t}` is listed as a large table and this operation reads or writes every row of it: expect it to run \
                 well past a deploy-time migration's budget (GitLab: 3 min regular, 10 min post-deploy)"
            ),
            "move it to a post-deploy migration or a background batched backfill whose every statement stays under 1 s",
        );
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
        m.up = parse_script("CREATE INDEX CONCURRENTLY IF NOT EXISTS e_i ON events (a);", "m.sql", SqlDialect::Postgres).0;
        let config = LintConfig { hot_tables: hot.iter().map(|s| s.to_string()).collect(), ..LintConfig::default() };
        let opts = LintOptions { target: "pg16".parse().unwrap(), config };
        lint_history(&[m], &opts).findings.iter().filter(|f| f.rule == RULE.id).count()
    }

    #[test]
    fn fires_on_listed_table() {
        assert_eq!(run(&["events"]), 1);
    }

    #[test]
    fn quiet_on_other_tables() {
        assert_eq!(run(&["users"]), 0);
    }
}
