//! B8 `db-default-dropped-early`: a NOT NULL column's default dropped in the migration that added it.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "db-default-dropped-early",
    row: "B8",
    severity: Severity::Warning,
    summary: "dropping the database default of a just-added NOT NULL column breaks old INSERTs",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    if x.default != Some(Change::Drop) {
        return;
    }
    let added_here = cx.earlier().iter().any(|o| {
        matches!(&o.kind, Operation::AddColumn(a) if a.table.key().eq_ignore_ascii_case(&x.table.key())
            && a.column.name.eq_ignore_ascii_case(&x.column) && !a.column.nullable && a.column.default.is_some())
    });
    if added_here {
        cx.report(
            format!(
                "`{}.{}` is added NOT NULL with a default and the default is dropped in the same migration: INSERTs \
                 from the application version still running (which does not send the column) fail",
                x.table, x.column
            ),
            "keep the database default until no old code runs (Django db_default; drop it in a later migration)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_when_dropped_in_same_migration() {
        fires(
            RULE.id,
            "pg16",
            "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free'; ALTER TABLE users ALTER COLUMN plan DROP DEFAULT;",
        );
    }

    #[test]
    fn quiet_when_kept() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';");
    }
}
