//! B2 `rename-table`: renaming a table breaks the running code, unless a view keeps the old name.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "rename-table",
    row: "B2",
    severity: Severity::Error,
    summary: "renaming a table breaks every running instance of the old application code",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::RenameTable(x) = &cx.op().kind else { return };
    if !cx.existing(&x.from) {
        return;
    }
    let old = x.from.key().to_lowercase();
    let compat_view = cx.later().iter().any(|o| matches!(&o.kind, Operation::CreateView(v) if v.name.key().to_lowercase() == old));
    if !compat_view {
        cx.report(
            format!(
                "renaming table `{}` to `{}` is instant, but running application instances still query `{}` and fail \
                 until the new code is deployed",
                x.from, x.to, x.from
            ),
            format!("in the same migration create a view `{}` selecting from `{}`, deploy, then drop the view", x.from, x.to),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_without_view() {
        fires(RULE.id, "pg16", "ALTER TABLE users RENAME TO accounts;");
    }

    #[test]
    fn quiet_with_compatibility_view() {
        quiet(RULE.id, "pg16", "ALTER TABLE users RENAME TO accounts; CREATE VIEW users AS SELECT * FROM accounts;");
    }
}
