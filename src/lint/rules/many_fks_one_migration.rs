//! A20 `many-fks-one-migration`: more than one foreign key to existing tables in one transaction.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "many-fks-one-migration",
    row: "A20",
    severity: Severity::Warning,
    summary: "several foreign keys in one transaction lock every referenced table until COMMIT",
};

fn external_fks(op: &Op, cx: &Ctx) -> usize {
    foreign_keys(&op.kind).iter().filter(|fk| cx.existing(&fk.ref_table)).count()
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.pg() || !cx.migration.transactional {
        return;
    }
    let here = external_fks(cx.op(), cx);
    let before: usize = cx.earlier().iter().map(|o| external_fks(o, cx)).sum();
    if here > 0 && before + here > 1 && (before <= 1) {
        cx.report(
            "this migration adds more than one foreign key to existing tables in one transaction: each referenced \
             table stays locked (SHARE ROW EXCLUSIVE, writes blocked) until COMMIT, and concurrent migrations or \
             transactions can deadlock",
            "create the table without foreign keys, then add one FK per migration with NOT VALID and validate later",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_two_fks() {
        fires(
            RULE.id,
            "pg16",
            "CREATE TABLE m (id bigint, user_id bigint REFERENCES users (id), org_id bigint REFERENCES orgs (id));",
        );
    }

    #[test]
    fn quiet_on_one_fk() {
        quiet(RULE.id, "pg16", "CREATE TABLE m (id bigint, user_id bigint REFERENCES users (id));");
    }
}
