//! B9 `default-change-partial-writes`: changing a column default under Rails partial inserts.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "default-change-partial-writes",
    row: "B9",
    severity: Severity::Warning,
    summary: "Rails with partial_inserts keeps writing the old default after the default changes",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    if matches!(x.default, Some(Change::Set(_))) && cx.existing(&x.table) && rails(cx) {
        cx.report(
            format!(
                "changing the default of `{}.{}`: Rails instances started before the change still know the old \
                 default and, with partial_inserts off, write it explicitly into new rows",
                x.table, x.column
            ),
            "enable partial_inserts, or change the default over two releases (GitLab SafelyChangeColumnDefault)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn quiet_outside_rails() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'new';");
    }

    #[test]
    fn fires_for_rails_sources() {
        use crate::ir::*;
        use crate::lint::{LintConfig, LintOptions, lint_history};
        let setup = {
            let mut m = Migration::new("1", "s");
            m.up = crate::import::sql::parse_script(SETUP, "s.sql", SqlDialect::Postgres).0;
            m
        };
        let mut m = Migration::new("2", "change_default");
        m.source = Some("db/migrate/2_change_default.rb".into());
        let alter = AlterColumn {
            table: QName::new("users"),
            column: "status".into(),
            data_type: None,
            using: None,
            nullable: None,
            default: Some(Change::Set(DefaultExpr::String("new".into()))),
            comment: None,
        };
        m.up = vec![Op::new(alter, Span::at("db/migrate/2_change_default.rb", 3, 5))];
        let opts = LintOptions { target: "pg16".parse().unwrap(), config: LintConfig::default() };
        assert!(lint_history(&[setup, m], &opts).findings.iter().any(|f| f.rule == RULE.id));
    }
}
