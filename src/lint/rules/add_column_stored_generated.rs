//! A8 `add-column-stored-generated`: ADD COLUMN … GENERATED ALWAYS AS (…) STORED on an existing table.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "add-column-stored-generated",
    row: "A8",
    severity: Severity::Error,
    summary: "adding a STORED generated column rewrites (PostgreSQL) or copies (MySQL) the table",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    if !x.column.generated.as_ref().is_some_and(|g| g.stored) || !cx.existing(&x.table) {
        return;
    }
    let how = match cx.target.engine {
        crate::lint::Engine::Postgres => "rewrites the table under an ACCESS EXCLUSIVE lock (reads and writes blocked)",
        crate::lint::Engine::Sqlite => "cannot be done by ALTER TABLE: the table is rebuilt holding the write lock",
        _ => "runs with ALGORITHM=COPY: the table is copied and writes are blocked throughout",
    };
    cx.report(
        format!("adding STORED generated column `{}` to existing table `{}` {how}", x.column.name, x.table),
        "add a plain column filled by a BEFORE INSERT/UPDATE trigger and backfill it in batches, or use a VIRTUAL \
         generated column (MySQL, MariaDB, SQLite, PostgreSQL 18)",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_stored() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN a2 int GENERATED ALWAYS AS (age * 2) STORED;");
    }

    #[test]
    fn quiet_on_virtual_or_plain() {
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN a2 int GENERATED ALWAYS AS (age * 2) VIRTUAL;");
        quiet(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN a2 int;");
    }
}
