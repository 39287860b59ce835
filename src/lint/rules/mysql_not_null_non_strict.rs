//! C3 `mysql-not-null-non-strict`: SET NOT NULL on MySQL/MariaDB without a strict sql_mode.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-not-null-non-strict",
    row: "C3",
    severity: Severity::Error,
    summary: "without STRICT_* sql_mode MySQL turns existing NULLs into implicit defaults on NOT NULL",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    if !cx.target.mysql_family() || x.nullable != Some(false) || !cx.existing(&x.table) {
        return;
    }
    let strict = cx.earlier().iter().any(|o| match &o.kind {
        Operation::Sql(s) => statements(&s.sql).iter().any(|st| {
            st.starts(&["SET"]) && st.has(&["SQL_MODE"]) && st.iter().any(|t| matches!(t, Tok::Str(v) if v.to_uppercase().contains("STRICT_")))
        }),
        _ => false,
    });
    if !strict {
        cx.report(
            format!(
                "making `{}.{}` NOT NULL: unless the session's sql_mode has STRICT_TRANS_TABLES or STRICT_ALL_TABLES, \
                 MySQL/MariaDB silently replace existing NULLs with implicit defaults (0, '') instead of failing",
                x.table, x.column
            ),
            "backfill NULLs first and SET SESSION sql_mode with STRICT_TRANS_TABLES in the migration before the ALTER",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_strict_mode() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users MODIFY email varchar(100) NOT NULL;");
    }

    #[test]
    fn quiet_with_strict_mode() {
        quiet(
            RULE.id,
            "mysql8.0",
            "SET SESSION sql_mode = 'STRICT_TRANS_TABLES'; ALTER TABLE users MODIFY email varchar(100) NOT NULL;",
        );
    }
}
