//! C5 `lossy-type-change`: a type change that narrows values or converts them with USING.

use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "lossy-type-change",
    row: "C5",
    severity: Severity::Warning,
    summary: "narrowing or converting a column type fails on bad rows (PostgreSQL) or truncates them (MySQL)",
};

/// Why the change from `from` to `to` may lose or reject values.
fn lossy(from: &DataType, to: &DataType) -> Option<&'static str> {
    use DataType::*;
    Some(match (from, to) {
        (Integer { bits: a, .. }, Integer { bits: b, .. }) if b < a => "the integer gets narrower",
        (Varchar { length: Some(a) } | Char { length: Some(a) }, Varchar { length: Some(b) } | Char { length: Some(b) })
            if b < a =>
        {
            "the length limit shrinks"
        }
        (Text | Varchar { length: None }, Varchar { length: Some(_) } | Char { .. }) => "text gets a length limit",
        (Text | Varchar { .. } | Char { .. }, Integer { .. } | Decimal { .. } | Float { .. } | Date | Timestamp { .. } | Boolean | Uuid) => {
            "text is parsed into another type"
        }
        (Timestamp { tz: a, .. }, Timestamp { tz: b, .. }) if a != b => "the time zone interpretation changes",
        (Decimal { precision: Some(p), .. }, Decimal { precision: Some(q), .. }) if q < p => "the precision shrinks",
        (Float { .. } | Decimal { .. }, Integer { .. }) => "fractions are rounded away",
        _ => return None,
    })
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    let Some(to) = &x.data_type else { return };
    if !cx.existing(&x.table) {
        return;
    }
    let from = cx.table(&x.table).and_then(|t| t.column(&x.column)).map(|c| &c.data_type);
    let why = match (from.and_then(|f| lossy(f, to)), &x.using) {
        (Some(w), _) => w,
        (None, Some(_)) => "a USING expression converts every value",
        _ => return,
    };
    cx.report(
        format!(
            "changing the type of `{}.{}` may lose data ({why}): PostgreSQL aborts on the first bad row, MySQL without \
             strict mode truncates with a warning",
            x.table, x.column
        ),
        "check first with a query for values that do not fit, fix them, then change the type",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_shrink() {
        fires(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE varchar(50);");
    }

    #[test]
    fn quiet_on_widening() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE varchar(200);");
    }
}
