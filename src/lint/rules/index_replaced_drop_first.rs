//! F10 `index-replaced-drop-first`: an index dropped before its replacement is built.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "index-replaced-drop-first",
    row: "F10",
    severity: Severity::Warning,
    summary: "dropping an index before building its replacement leaves queries without an index meanwhile",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropIndex(x) = &cx.op().kind else { return };
    let Some(t) = table_of(&cx.op().kind, cx) else { return };
    let Some(old) = cx.table(&t).and_then(|tb| tb.index(&x.name.name)) else { return };
    let lead = old.column_names().first().map(|c| c.to_lowercase());
    let replaced = cx.later().iter().any(|o| {
        matches!(&o.kind, Operation::CreateIndex(c) if c.index.table.key().eq_ignore_ascii_case(&t.key())
            && c.index.column_names().first().map(|c| c.to_lowercase()) == lead)
    });
    if replaced && lead.is_some() {
        cx.report(
            format!(
                "index `{}` is dropped before its replacement on the same leading column is built: queries that used it \
                 scan the table until the new index is ready",
                x.name
            ),
            "build the new index first (CONCURRENTLY), then drop the old one",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_drop_then_create() {
        fires(RULE.id, "pg16", "DROP INDEX users_org_id_idx; CREATE INDEX users_org_id_email_idx ON users (org_id, email);");
    }

    #[test]
    fn quiet_on_create_then_drop() {
        quiet(RULE.id, "pg16", "CREATE INDEX users_org_id_email_idx ON users (org_id, email); DROP INDEX users_org_id_idx;");
    }
}
