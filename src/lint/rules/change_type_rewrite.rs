//! A10 `change-type-rewrite`: ALTER COLUMN TYPE that is not on the engine's no-rewrite list.

use super::util::*;
use crate::lint::Engine;

/// Rule metadata.
pub const RULE: RuleInfo = RuleInfo {
    id: "change-type-rewrite",
    row: "A10",
    severity: Severity::Error,
    summary: "changing a column type rewrites the table (PostgreSQL), copies it (MySQL) or rebuilds it (SQLite)",
};

/// MySQL's VARCHAR length-byte class for utf8mb4 (1 byte up to 63 characters, 2 above).
pub fn varchar_class(n: u32) -> u8 {
    if n <= 63 { 1 } else { 2 }
}

/// The type change keeps the stored bytes on this engine (no rewrite / INPLACE).
pub fn safe_change(engine: Engine, from: &DataType, to: &DataType, using: bool) -> bool {
    use DataType::*;
    if from == to {
        return !using;
    }
    match engine {
        Engine::Postgres if !using => match (from, to) {
            (Varchar { length: Some(n) }, Varchar { length: Some(m) }) => m >= n,
            (Varchar { .. }, Varchar { length: None } | Text) => true,
            (Text, Varchar { length: None }) => true,
            (Decimal { precision: Some(p), scale: s }, Decimal { precision: Some(q), scale: t }) => q >= p && s == t,
            (Decimal { .. }, Decimal { precision: None, scale: None }) => true,
            (Timestamp { tz: a, precision: p }, Timestamp { tz: b, precision: q }) => {
                a == b && q.unwrap_or(6) >= p.unwrap_or(6)
            }
            (Binary { length: Some(n), fixed: false }, Binary { length: m, fixed: false }) => m.is_none_or(|m| m >= *n),
            _ => false,
        },
        Engine::Mysql | Engine::Mariadb => match (from, to) {
            (Varchar { length: Some(n) }, Varchar { length: Some(m) }) => m >= n && varchar_class(*n) == varchar_class(*m),
            (Enum { values: a, .. }, Enum { values: b, .. }) => b.starts_with(a) && (a.len() > 255) == (b.len() > 255),
            _ => false,
        },
        _ => false,
    }
}

/// Check one operation.
pub fn check(cx: &Ctx) {
    let Operation::AlterColumn(x) = &cx.op().kind else { return };
    let Some(to) = &x.data_type else { return };
    if !cx.existing(&x.table) {
        return;
    }
    let from = cx.table(&x.table).and_then(|t| t.column(&x.column)).map(|c| &c.data_type);
    if from.is_some_and(|f| safe_change(cx.target.engine, f, to, x.using.is_some())) {
        return;
    }
    let how = match cx.target.engine {
        Engine::Postgres => "rewrites the table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: reads and \
                             writes are blocked for the duration",
        Engine::Sqlite => "needs a full table rebuild (copy, drop, rename) holding the database write lock",
        _ => "runs with ALGORITHM=COPY: the table is copied and writes are blocked throughout",
    };
    cx.report(
        format!("changing the type of `{}.{}` {how}", x.table, x.column),
        "add a shadow column of the new type kept in sync by a trigger, backfill it in batches, then swap the \
         columns (polymig plan --zero-downtime); on MySQL, use gh-ost or pt-online-schema-change for large tables",
    );
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::RULE;

    #[test]
    fn fires_on_int_to_bigint() {
        fires(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN age TYPE bigint;");
        fires(RULE.id, "mysql8.0", "ALTER TABLE users MODIFY age bigint;");
    }

    #[test]
    fn quiet_on_varchar_widening() {
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE varchar(200);");
        quiet(RULE.id, "pg16", "ALTER TABLE users ALTER COLUMN email TYPE text;");
        quiet(RULE.id, "mysql8.0", "ALTER TABLE users MODIFY status varchar(40);");
    }
}
