//! C4 `not-null-with-fill-update`: an unbatched UPDATE filling NULLs right before SET NOT NULL.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "not-null-with-fill-update",
    row: "C4",
    severity: Severity::Error,
    summary: "filling NULLs with one UPDATE inside the NOT NULL migration locks every row until COMMIT",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    if x.nullable != Some(false) || !cx.existing(&x.table) {
        return;
    }
    let table = x.table.name.to_lowercase();
    let filled = cx.earlier().iter().any(|o| match &o.kind {
        Operation::Sql(s) => statements(&s.sql).iter().any(|st| {
            st.starts(&["UPDATE"]) && st.name_at(1).is_some_and(|n| n.to_lowercase() == table) && st.has(&["IS", "NULL"])
        }),
        _ => false,
    });
    if filled {
        cx.report(
            format!(
                "`{}.{}` is filled by one UPDATE and made NOT NULL in the same migration: the UPDATE rewrites every \
                 matching row in one transaction, holding row locks (and, on PostgreSQL, the ALTER's ACCESS EXCLUSIVE \
                 lock) until COMMIT",
                x.table, x.column
            ),
            "backfill in batches in a separate non-transactional step (Backfill), then add NOT NULL with the \
             CHECK NOT VALID recipe",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_fill_then_not_null() {
        fires(
            RULE.id,
            "pg16",
            "UPDATE users SET status = 'new' WHERE status IS NULL; ALTER TABLE users ALTER COLUMN status SET NOT NULL;",
        );
    }

    #[test]
    fn quiet_without_fill() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN status SET NOT NULL;");
    }
}
