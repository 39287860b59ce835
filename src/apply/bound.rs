//! Bookkeeping SQL with bound values: executed with placeholders, printed with literals.

use crate::ir::SqlDialect;

/// A value bound to a bookkeeping statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Text(String),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// The migration's execution time in milliseconds, measured when the statement runs
    /// (printed as `0` by `--dry-run`).
    ElapsedMs,
}

/// SQL text interleaved with values: `pieces[0] ?1 pieces[1] ?2 … pieces[n]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundSql {
    pieces: Vec<String>,
    params: Vec<Value>,
}

impl BoundSql {
    /// Statement text with no values yet.
    pub fn new(sql: impl Into<String>) -> Self {
        BoundSql { pieces: vec![sql.into()], params: Vec::new() }
    }

    /// Append SQL text.
    pub fn push(mut self, sql: &str) -> Self {
        if let Some(last) = self.pieces.last_mut() {
            last.push_str(sql);
        }
        self
    }

    /// Append a bound value.
    pub fn bind(mut self, v: Value) -> Self {
        self.params.push(v);
        self.pieces.push(String::new());
        self
    }

    /// Append values separated by `, `.
    pub fn bind_list(mut self, vs: impl IntoIterator<Item = Value>) -> Self {
        for (i, v) in vs.into_iter().enumerate() {
            if i > 0 {
                self = self.push(", ");
            }
            self = self.bind(v);
        }
        self
    }

    /// The values in order.
    pub fn params(&self) -> &[Value] {
        &self.params
    }

    /// The SQL with the dialect's placeholders (`$1` for PostgreSQL, `?` elsewhere).
    pub fn sql(&self, dialect: SqlDialect) -> String {
        self.join(|i, _| match dialect {
            SqlDialect::Postgres => format!("${}", i + 1),
            SqlDialect::Mysql | SqlDialect::Sqlite => "?".to_string(),
        })
    }

    /// The SQL with every value written as an escaped literal, as `--dry-run` prints it.
    pub fn literal(&self, dialect: SqlDialect) -> String {
        self.join(|_, v| literal(v, dialect))
    }

    fn join(&self, mut f: impl FnMut(usize, &Value) -> String) -> String {
        let mut out = String::new();
        for (i, piece) in self.pieces.iter().enumerate() {
            out.push_str(piece);
            if let Some(v) = self.params.get(i) {
                out.push_str(&f(i, v));
            }
        }
        out
    }
}

/// A value as a SQL literal: strings quoted with `''` (and `\\` on MySQL), booleans `TRUE`/`FALSE`.
pub fn literal(v: &Value, dialect: SqlDialect) -> String {
    match v {
        Value::Text(s) => {
            let mut escaped = s.replace('\'', "''");
            if dialect == SqlDialect::Mysql {
                escaped = escaped.replace('\\', "\\\\");
            }
            format!("'{escaped}'")
        }
        Value::Int(n) => n.to_string(),
        Value::Bool(true) => "TRUE".into(),
        Value::Bool(false) => "FALSE".into(),
        Value::ElapsedMs => "0".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_literals() {
        let q = BoundSql::new("INSERT INTO t (a, b, c) VALUES (")
            .bind_list([Value::Text("it's \\".into()), Value::Int(3), Value::Bool(true)])
            .push(")");
        assert_eq!(q.sql(SqlDialect::Postgres), "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)");
        assert_eq!(q.sql(SqlDialect::Sqlite), "INSERT INTO t (a, b, c) VALUES (?, ?, ?)");
        assert_eq!(q.literal(SqlDialect::Postgres), "INSERT INTO t (a, b, c) VALUES ('it''s \\', 3, TRUE)");
        assert_eq!(q.literal(SqlDialect::Mysql), "INSERT INTO t (a, b, c) VALUES ('it''s \\\\', 3, TRUE)");
    }
}
