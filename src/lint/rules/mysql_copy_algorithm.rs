//! G1 `mysql-copy-algorithm`: an ALTER whose cheapest algorithm on MySQL/MariaDB is COPY.

use super::change_type_rewrite::safe_change;
use super::util::*;
use crate::lint::Engine;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-copy-algorithm",
    row: "G1",
    severity: Severity::Error,
    summary: "ALGORITHM=COPY copies the table and blocks writes for the whole copy",
};

fn copy_reason(cx: &Ctx) -> Option<&'static str> {
    Some(match &cx.op().kind {
        Operation::AlterColumn(x) if x.data_type.is_some() => {
            let from = cx.table(&x.table).and_then(|t| t.column(&x.column)).map(|c| &c.data_type);
            if from.is_some_and(|f| safe_change(cx.target.engine, f, x.data_type.as_ref().unwrap(), false)) {
                return None;
            }
            "a column type change"
        }
        Operation::AddColumn(x) if x.column.generated.as_ref().is_some_and(|g| g.stored) => "a STORED generated column",
        Operation::AddConstraint(x) => match &x.constraint.kind {
            ConstraintKind::Check { .. } => "a CHECK constraint",
            ConstraintKind::ForeignKey(_) => "a foreign key with foreign_key_checks=1",
            _ => return None,
        },
        Operation::DropConstraint(x) if x.name.eq_ignore_ascii_case("PRIMARY") => "dropping the primary key alone",
        Operation::Sql(_) => {
            let s = sql_of(cx);
            if s.iter().any(|st| st.has(&["ALGORITHM", "=", "COPY"]) || st.has(&["ALGORITHM", "COPY"])) {
                "an explicit ALGORITHM=COPY"
            } else if s.iter().any(|st| st.has(&["CONVERT", "TO", "CHARACTER", "SET"]) || st.has(&["CONVERT", "TO", "CHARSET"])) {
                "a character-set conversion"
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let t = cx.target;
    if !t.mysql_family() || t.engine == Engine::Mariadb && t.at_least(11, 2) {
        return;
    }
    let explicit = ignored_clauses(cx).iter().any(|c| c == "ALGORITHM=COPY");
    let Some(why) = copy_reason(cx).or(explicit.then_some("an explicit ALGORITHM=COPY")) else { return };
    if table_of(&cx.op().kind, cx).is_some_and(|x| !cx.existing(&x)) {
        return;
    }
    cx.report(
        format!("{why} runs with ALGORITHM=COPY on {}: the table is copied row by row and writes are blocked until it finishes", t.describe()),
        "emit ALGORITHM=INPLACE (or INSTANT), LOCK=NONE so the server refuses instead of copying; for large tables use \
         gh-ost or pt-online-schema-change (MariaDB 11.2+: ALGORITHM=COPY, LOCK=NONE is online)",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_type_change() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users MODIFY age bigint;");
    }

    #[test]
    fn quiet_on_mariadb_11_2_and_instant_changes() {
        quiet(RULE.id, "mariadb11.2", "ALTER TABLE users MODIFY age bigint;");
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN a int;");
    }

    #[test]
    fn fires_on_explicit_copy() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users ADD COLUMN a int, ALGORITHM=COPY;");
    }
}
