//! G5 `mysql-varchar-length-byte`: VARCHAR resize crossing the length-byte boundary, or shrinking.

use super::change_type_rewrite::varchar_class;
use super::util::*;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "mysql-varchar-length-byte",
    row: "G5",
    severity: Severity::Warning,
    summary: "a VARCHAR resize across 255 bytes (63 utf8mb4 characters) or a shrink copies the table",
};

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    let Some(DataType::Varchar { length: Some(m) }) = &x.data_type else { return };
    if !cx.target.mysql_family() || !cx.existing(&x.table) {
        return;
    }
    let Some(DataType::Varchar { length: Some(n) }) = cx.table(&x.table).and_then(|t| t.column(&x.column)).map(|c| &c.data_type) else {
        return;
    };
    if m < n || varchar_class(*n) != varchar_class(*m) {
        cx.report(
            format!(
                "`{}.{}` goes from varchar({n}) to varchar({m}): a shrink, or a change of the length prefix (1 byte up \
                 to 255 bytes = 63 utf8mb4 characters, 2 above), forces ALGORITHM=COPY with writes blocked",
                x.table, x.column
            ),
            "widen within the same length class, or use gh-ost / pt-online-schema-change",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_across_boundary() {
        fires(RULE.id, "mysql8.0", "ALTER TABLE users MODIFY status varchar(100);");
    }

    #[test]
    fn quiet_within_class() {
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users MODIFY status varchar(60);");
    }
}
