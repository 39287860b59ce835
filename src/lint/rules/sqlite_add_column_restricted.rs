//! H1 `sqlite-add-column-restricted`: ADD COLUMN forms SQLite refuses.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "sqlite-add-column-restricted",
    row: "H1",
    severity: Severity::Error,
    summary: "SQLite's ADD COLUMN refuses PK/UNIQUE, non-constant defaults, NOT NULL without default, STORED columns",
};

fn refused(x: &AddColumn) -> Option<&'static str> {
    let c = &x.column;
    for k in &x.constraints {
        match &k.kind {
            ConstraintKind::PrimaryKey { .. } => return Some("a PRIMARY KEY column"),
            ConstraintKind::Unique { .. } => return Some("a UNIQUE column"),
            ConstraintKind::ForeignKey(_) if non_null_default(c.default.as_ref()) => {
                return Some("REFERENCES with a non-NULL default (while foreign_keys=ON)");
            }
            _ => {}
        }
    }
    Some(match &c.default {
        Some(DefaultExpr::CurrentTimestamp | DefaultExpr::CurrentDate | DefaultExpr::CurrentTime) => {
            "a CURRENT_TIME/DATE/TIMESTAMP default"
        }
        Some(DefaultExpr::Sql(_)) => "an expression default",
        _ if !c.nullable && !non_null_default(c.default.as_ref()) && c.generated.is_none() => {
            "NOT NULL without a non-NULL default"
        }
        _ if c.generated.as_ref().is_some_and(|g| g.stored) => "a STORED generated column",
        _ => return None,
    })
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AddColumn(x) = &cx.op().kind else { return };
    if !cx.target.sqlite() {
        return;
    }
    if let Some(why) = refused(x) {
        cx.report(
            format!(
                "SQLite's ALTER TABLE ADD COLUMN cannot add {why} (`{}.{}`): the statement fails, or polymig has to \
                 rebuild the table",
                x.table, x.column.name
            ),
            "use a constant default and a nullable column, then enforce the rest with a table rebuild or a unique index",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_current_timestamp_default() {
        fires(RULE.id, "sqlite", "ALTER TABLE users ADD COLUMN seen timestamp DEFAULT CURRENT_TIMESTAMP;");
    }

    #[test]
    fn quiet_on_constant_default() {
        quiet(RULE.id, "sqlite", "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;");
    }
}
