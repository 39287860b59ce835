//! G4 `mysql-enum-set-rewrite`: changing ENUM members other than appending within the storage class.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-enum-set-rewrite",
    row: "G4",
    severity: Severity::Warning,
    summary: "removing, reordering or inserting ENUM members (or crossing 255) copies the table on MySQL",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    let Some(DataType::Enum { values: new, .. }) = &x.data_type else { return };
    if !cx.target.mysql_family() || !cx.existing(&x.table) {
        return;
    }
    let Some(DataType::Enum { values: old, .. }) = cx.table(&x.table).and_then(|t| t.column(&x.column)).map(|c| &c.data_type) else {
        return;
    };
    if !new.starts_with(old) || (old.len() > 255) != (new.len() > 255) {
        cx.report(
            format!(
                "the ENUM members of `{}.{}` change other than by appending at the end within the same storage size: \
                 MySQL rewrites the table with ALGORITHM=COPY, blocking writes",
                x.table, x.column
            ),
            "only append new members at the end, staying at 255 members or fewer",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    const SETUP: &str = "CREATE TABLE t (e enum('a','b'));";

    #[test]
    fn fires_on_reorder() {
        let out = lint_mysql_two(SETUP, "ALTER TABLE t MODIFY e enum('b','a');");
        assert!(out.iter().any(|f| f.rule == RULE.id), "{out:#?}");
    }

    #[test]
    fn quiet_on_append() {
        let out = lint_mysql_two(SETUP, "ALTER TABLE t MODIFY e enum('a','b','c');");
        assert!(!out.iter().any(|f| f.rule == RULE.id));
    }
}
