//! A12 `change-type-and-not-null`: one migration that changes a column's type and adds NOT NULL to it
//! (importers split `ALTER c TYPE …, ALTER c SET NOT NULL` into two operations).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "change-type-and-not-null",
    row: "A12",
    severity: Severity::Warning,
    summary: "a type change combined with SET NOT NULL scans the table under ACCESS EXCLUSIVE",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    let same = |o: &&&Op| {
        matches!(&o.kind, Operation::AlterColumn(y) if y.table.key().eq_ignore_ascii_case(&x.table.key())
            && y.column.eq_ignore_ascii_case(&x.column) && y.data_type.is_some())
    };
    let typed = x.data_type.is_some() || cx.earlier().iter().any(|o| same(&o));
    if cx.target.pg() && typed && x.nullable == Some(false) && cx.existing(&x.table) {
        cx.report(
            format!(
                "`{}.{}` changes type and becomes NOT NULL in one statement: even when the type change is cheap, \
                 the NOT NULL part scans every row under an ACCESS EXCLUSIVE lock (reads and writes blocked)",
                x.table, x.column
            ),
            "split it: change the type alone, then add NOT NULL with CHECK (c IS NOT NULL) NOT VALID, VALIDATE, \
             SET NOT NULL",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_combined_change() {
        fires(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE text, ALTER COLUMN email SET NOT NULL;");
    }

    #[test]
    fn quiet_on_type_alone() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE text;");
    }
}
