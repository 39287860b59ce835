//! A27 `sqlite-table-rebuild`: an operation SQLite cannot ALTER, so the table is rebuilt.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "sqlite-table-rebuild",
    row: "A27",
    severity: Severity::Warning,
    summary: "SQLite rebuilds the table (copy every row) for changes ALTER TABLE cannot make",
};

/// What needs a rebuild on this SQLite version, if anything.
fn rebuild(cx: &Ctx) -> Option<&'static str> {
    let new_alter = cx.target.at_least(3, 53);
    Some(match &cx.op().kind {
        Operation::AlterColumn(x) if x.data_type.is_some() => "a column type change",
        Operation::AlterColumn(x) if x.default.is_some() => "a default change",
        Operation::AlterColumn(x) if x.nullable.is_some() && !new_alter => "a nullability change (before 3.53)",
        Operation::AddConstraint(x) => match x.constraint.kind {
            ConstraintKind::Check { .. } if new_alter => return None,
            _ => "adding a constraint",
        },
        Operation::DropConstraint(x) => {
            let is_check = cx
                .table(&x.table)
                .and_then(|t| t.constraint(&x.name))
                .is_some_and(|c| matches!(c.kind, ConstraintKind::Check { .. }));
            if is_check && new_alter {
                return None;
            }
            "dropping a constraint"
        }
        _ => return None,
    })
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    if !cx.target.sqlite() {
        return;
    }
    let Some(what) = rebuild(cx) else { return };
    if table_of(&cx.op().kind, cx).is_some_and(|t| cx.existing(&t)) {
        cx.report(
            format!(
                "SQLite cannot make {what} with ALTER TABLE: the table is rebuilt (create, copy every row, drop, \
                 rename, recreate indexes and triggers) while holding the database write lock"
            ),
            "merge consecutive changes of one table into one rebuild; on SQLite 3.53+ use ALTER … SET NOT NULL and \
             ADD CONSTRAINT … CHECK, which need no rebuild",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_check_drop_before_353() {
        let f = lint("sqlite", "ALTER TABLE users DROP CONSTRAINT users_age_check;");
        assert!(f.iter().any(|f| f.rule == RULE.id), "{f:#?}");
    }

    #[test]
    fn quiet_on_check_drop_with_353() {
        quiet(RULE.id, "sqlite3.53", "ALTER TABLE users DROP CONSTRAINT users_age_check;");
    }
}
