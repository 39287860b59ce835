//! A16 `validate-while-locked`: VALIDATE CONSTRAINT in the same transaction that locked the table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "validate-while-locked",
    row: "A16",
    severity: Severity::Error,
    summary: "VALIDATE in the transaction that added the NOT VALID constraint keeps the strong lock for the scan",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::ValidateConstraint(x) = &cx.op().kind else { return };
    if !cx.target.pg() || !cx.migration.transactional {
        return;
    }
    let key = x.table.key().to_lowercase();
    let locked = cx.earlier().iter().any(|o| strongly_locked(&o.kind, cx).iter().any(|t| t.key().to_lowercase() == key));
    if locked {
        cx.report(
            format!(
                "VALIDATE CONSTRAINT `{}` runs in the same transaction as an earlier statement that took a strong lock \
                 on `{}`: that lock is held through the whole validation scan, so NOT VALID buys nothing and writes \
                 (or reads) stay blocked",
                x.name, x.table
            ),
            "move VALIDATE CONSTRAINT into its own, later migration",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_in_same_migration() {
        fires(
            RULE.id,
            "pg16",
            "ALTER TABLE users ADD CONSTRAINT users_age_max CHECK (age < 200) NOT VALID;
             ALTER TABLE users VALIDATE CONSTRAINT users_age_max;",
        );
    }

    #[test]
    fn quiet_alone() {
        quiet(RULE.id, "pg16", "ALTER TABLE users VALIDATE CONSTRAINT users_age_check;");
    }
}
