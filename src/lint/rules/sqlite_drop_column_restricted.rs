//! H2 `sqlite-drop-column-restricted`: DROP COLUMN forms SQLite refuses.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "sqlite-drop-column-restricted",
    row: "H2",
    severity: Severity::Error,
    summary: "SQLite cannot drop a column that is keyed, indexed, constrained or used by views (or before 3.35)",
};

fn blocker(cx: &Ctx, x: &DropColumn) -> Option<String> {
    if !cx.target.at_least(3, 35) {
        return Some(format!("SQLite {} has no DROP COLUMN (3.35+)", cx.target.version));
    }
    let t = cx.table(&x.table)?;
    let c = x.column.as_str();
    let eq = |n: &str| n.eq_ignore_ascii_case(c);
    for k in &t.constraints {
        let hit = match &k.kind {
            ConstraintKind::Check { expr } => mentions(expr, c),
            _ => k.columns().iter().any(|n| eq(n)),
        };
        if hit {
            return Some(format!("it is used by constraint {}", k.name.as_deref().unwrap_or("?")));
        }
    }
    for i in &t.indexes {
        if i.column_names().iter().any(|n| eq(n)) || i.predicate.as_deref().is_some_and(|p| mentions(p, c)) {
            return Some(format!("it is used by index {}", i.name.as_deref().unwrap_or("?")));
        }
    }
    if t.columns.iter().any(|o| o.generated.as_ref().is_some_and(|g| mentions(&g.expr, c))) {
        return Some("a generated column uses it".into());
    }
    cx.before.views.values().find(|v| mentions(&v.query, c)).map(|v| format!("view {} may use it", v.name))
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::DropColumn(x) = &cx.op().kind else { return };
    if !cx.target.sqlite() {
        return;
    }
    if let Some(why) = blocker(cx, x) {
        cx.report(
            format!("SQLite refuses to drop `{}.{}`: {why}", x.table, x.column),
            "drop the dependent index/constraint/view first, or rebuild the table; DROP COLUMN itself rewrites the table",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_indexed_column() {
        fires(RULE.id, "sqlite", "ALTER TABLE users DROP COLUMN org_id;");
    }

    #[test]
    fn quiet_on_free_column() {
        quiet(RULE.id, "sqlite", "ALTER TABLE users DROP COLUMN name;");
    }
}
