//! E5 `non-idempotent-step`: a step of a non-atomic migration that cannot be re-run after a failure.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "non-idempotent-step",
    row: "E5",
    severity: Severity::Warning,
    summary: "in a migration that is not atomic, a step without IF [NOT] EXISTS fails when the migration is re-run",
};

/// `Some(true)` when guarded, `Some(false)` when it could be guarded and is not, `None` when no guard exists.
fn guarded(op: &Operation) -> Option<bool> {
    Some(match op {
        Operation::CreateTable(x) => x.if_not_exists,
        Operation::DropTable(x) => x.if_exists,
        Operation::AddColumn(x) => x.if_not_exists,
        Operation::DropColumn(x) => x.if_exists,
        Operation::CreateIndex(x) => x.if_not_exists,
        Operation::DropIndex(x) => x.if_exists,
        Operation::DropConstraint(x) => x.if_exists,
        Operation::CreateExtension(x) => x.if_not_exists,
        Operation::DropView(x) => x.if_exists,
        Operation::DropEnum(x) => x.if_exists,
        _ => return None,
    })
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let non_atomic = if cx.target.mysql_family() {
        cx.ops.len() > 1
    } else {
        !cx.migration.transactional || cx.ops.iter().any(|o| concurrent(&o.kind))
    };
    if non_atomic && guarded(&cx.op().kind) == Some(false) {
        let why = if cx.target.mysql_family() {
            "MySQL commits each DDL statement on its own, so a migration that fails midway is left half applied"
        } else {
            "this migration runs without a transaction, so a failure midway leaves it half applied"
        };
        cx.report(
            format!("{why}, and re-running it fails on this step because its object already exists (or is already gone)"),
            "write the step with IF NOT EXISTS / IF EXISTS so the migration can simply be re-run",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_mysql_multi_statement() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN a int; CREATE INDEX users_a ON users (a);");
    }

    #[test]
    fn quiet_in_transaction() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN a int; CREATE INDEX users_a ON users (a);");
    }
}
