//! A7 `add-column-rewriting-default`: ADD COLUMN whose default forces a table rewrite (PostgreSQL).

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "add-column-rewriting-default",
    row: "A7",
    severity: Severity::Error,
    summary: "ADD COLUMN with a volatile default (any non-NULL default before PostgreSQL 11) rewrites the table",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    let Some(d) = &x.column.default else { return };
    if !cx.target.pg() || !cx.existing(&x.table) {
        return;
    }
    let why = if volatile(d) {
        "its default is volatile (evaluated per row)"
    } else if !cx.target.at_least(11, 0) && non_null_default(Some(d)) {
        "before PostgreSQL 11 every non-NULL default is written into each row"
    } else {
        return;
    };
    cx.report(
        format!(
            "ADD COLUMN `{}` on existing table `{}` rewrites the whole table and its indexes under an ACCESS EXCLUSIVE \
             lock ({why}): reads and writes are blocked for the duration",
            x.column.name, x.table
        ),
        "add the column nullable without a default, SET DEFAULT for new rows, backfill existing rows in batches, \
         then add NOT NULL with the CHECK … NOT VALID recipe",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_volatile_default_and_old_versions() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();");
        fires(RULE.id, "pg10", "ALTER TABLE users ADD COLUMN flag int DEFAULT 0;");
    }

    #[test]
    fn quiet_on_constant_default_from_11() {
        quiet(RULE.id, "pg11", "ALTER TABLE users ADD COLUMN flag int DEFAULT 0;");
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now();");
    }
}
