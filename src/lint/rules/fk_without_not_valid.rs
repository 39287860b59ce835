//! A15 `fk-without-not-valid`: a foreign key validated in place on an existing table.

use super::util::*;
use crate::lint::Engine;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "fk-without-not-valid",
    row: "A15",
    severity: Severity::Error,
    summary: "adding a validated FOREIGN KEY blocks writes on both tables for the whole scan",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let (table, not_valid) = match &cx.op().kind {
        Operation::AddConstraint(x) => (&x.table, x.not_valid),
        Operation::AddColumn(x) => (&x.table, false),
        _ => return,
    };
    let fks = foreign_keys(&cx.op().kind);
    let Some(fk) = fks.first() else { return };
    if not_valid || !cx.existing(table) || cx.target.mysql_family() && session_off_before(cx, "FOREIGN_KEY_CHECKS") {
        return;
    }
    if cx.target.sqlite() && matches!(cx.op().kind, Operation::AddColumn(_)) {
        return; // ADD COLUMN … REFERENCES with a NULL default is plain ALTER on SQLite
    }
    let how = match cx.target.engine {
        Engine::Postgres => format!(
            "takes SHARE ROW EXCLUSIVE on `{table}` and `{}` and scans `{table}`: writes to both tables are blocked \
             until it finishes",
            fk.ref_table
        ),
        Engine::Sqlite => "cannot be done by ALTER TABLE on SQLite: the table is rebuilt holding the write lock".into(),
        _ => "runs with ALGORITHM=COPY unless foreign_key_checks=0: the table is copied and writes blocked".into(),
    };
    cx.report(
        format!("adding a foreign key on existing table `{table}` {how}"),
        "index the column concurrently, ADD CONSTRAINT … NOT VALID, fix orphans, then VALIDATE CONSTRAINT in a later \
         migration (MySQL: SET foreign_key_checks=0 with ALGORITHM=INPLACE, then check for orphans)",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_validated_fk() {
        fires(RULE.id, "pg16", "ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);");
        fires(RULE.id, "pg16", "ALTER TABLE users ADD COLUMN team_id bigint REFERENCES orgs (id);");
    }

    #[test]
    fn quiet_with_not_valid_or_new_table() {
        quiet(
            RULE.id,
            "pg16",
            "ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id) NOT VALID;",
        );
        quiet(RULE.id, "pg16", "CREATE TABLE t (id bigint, org_id bigint REFERENCES orgs (id));");
    }

    #[test]
    fn mysql_quiet_only_after_foreign_key_checks_off() {
        let add = "ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id), ALGORITHM=INPLACE;";
        fires(RULE.id, "mariadb11.4", add);
        fires(RULE.id, "mariadb11.4", &format!("{add} SET SESSION foreign_key_checks = 0;"));
        quiet(RULE.id, "mariadb11.4", &format!("SET SESSION foreign_key_checks = 0; {add} SET SESSION foreign_key_checks = 1;"));
        quiet(RULE.id, "mysql8.4", &format!("SET foreign_key_checks = OFF; {add}"));
    }
}
