//! Conditions on the database the migration runs on.
//!
//! `op.get_bind().dialect.name`, Rails `connection.adapter_name` and TypeORM
//! `queryRunner.connection.options.type` evaluate to [`Value::Dialect`];
//! comparing it with a string gives [`Value::DialectIs`] (the set of dialects
//! for which the test is true), which `and`/`or`/`not` combine. With a target
//! dialect the set collapses to a boolean at once.

use std::collections::BTreeSet;

use super::eval::Evaluator;
use super::value::Value;
use crate::ir::SqlDialect;

/// How each dialect spells its name in SQLAlchemy, Django, ActiveRecord and TypeORM.
const SPELLINGS: &[(SqlDialect, &[&str])] = &[
    (SqlDialect::Postgres, &["postgresql", "postgres", "postgis", "pg", "cockroachdb"]),
    (SqlDialect::Mysql, &["mysql", "mariadb", "mysql2", "trilogy", "aurora-mysql"]),
    (SqlDialect::Sqlite, &["sqlite", "sqlite3", "better-sqlite3", "sqljs", "capacitor", "expo", "react-native"]),
];

/// The dialect a database name stands for, case-insensitively: `PostgreSQL`, `postgres`,
/// `mysql2`, `better-sqlite3`. `None` for databases polymig does not target (`mssql`).
pub fn dialect_from_name(name: &str) -> Option<SqlDialect> {
    let lower = name.to_ascii_lowercase();
    SPELLINGS.iter().find(|(_, names)| names.contains(&lower.as_str())).map(|(d, _)| *d)
}

/// Dialects with a spelling that satisfies `pred` (given lower-case spellings).
fn matching(pred: impl Fn(&str) -> bool) -> BTreeSet<SqlDialect> {
    SPELLINGS.iter().filter(|(_, names)| names.iter().any(|n| pred(n))).map(|(d, _)| *d).collect()
}

fn all() -> BTreeSet<SqlDialect> {
    SqlDialect::ALL.into_iter().collect()
}

impl Evaluator<'_> {
    /// A condition true for `set`: a boolean when the target is known or the set is trivial.
    pub(crate) fn dialect_cond(&self, set: BTreeSet<SqlDialect>) -> Value {
        if let Some(t) = self.config.target {
            return Value::Bool(set.contains(&t));
        }
        match set.len() {
            0 => Value::Bool(false),
            n if n == SqlDialect::ALL.len() => Value::Bool(true),
            _ => Value::DialectIs(set),
        }
    }

    /// `dialect == name`.
    pub(crate) fn dialect_equals(&self, name: &str) -> Value {
        self.dialect_cond(dialect_from_name(name).into_iter().collect())
    }

    /// `dialect.startswith(prefix)` and friends.
    pub(crate) fn dialect_starts_with(&self, prefix: &str) -> Value {
        let p = prefix.to_ascii_lowercase();
        self.dialect_cond(matching(|n| n.starts_with(&p)))
    }

    /// `"postgres" in dialect`, `dialect.include?("mysql")`.
    pub(crate) fn dialect_contains(&self, needle: &str) -> Value {
        let p = needle.to_ascii_lowercase();
        self.dialect_cond(matching(|n| n.contains(&p)))
    }

    /// The set a condition value stands for, if it is a dialect test or a boolean.
    fn as_set(v: &Value) -> Option<BTreeSet<SqlDialect>> {
        match v {
            Value::DialectIs(s) => Some(s.clone()),
            Value::Bool(true) => Some(all()),
            Value::Bool(false) => Some(BTreeSet::new()),
            _ => None,
        }
    }

    /// `a and b` / `a or b` when at least one side is a dialect test.
    pub(crate) fn dialect_connective(&self, and: bool, l: &Value, r: &Value) -> Option<Value> {
        if !matches!(l, Value::DialectIs(_)) && !matches!(r, Value::DialectIs(_)) {
            return None;
        }
        let (a, b) = (Self::as_set(l)?, Self::as_set(r)?);
        let set = if and { a.intersection(&b).copied().collect() } else { a.union(&b).copied().collect() };
        Some(self.dialect_cond(set))
    }

    /// `not cond` for a dialect test.
    pub(crate) fn dialect_not(&self, v: &Value) -> Option<Value> {
        match v {
            Value::DialectIs(s) => Some(self.dialect_cond(all().difference(s).copied().collect())),
            _ => None,
        }
    }

    /// Replace a symbolic value whose path is one of the configured probes by [`Value::Dialect`].
    pub(crate) fn probe(&self, v: Value) -> Value {
        let Some(path) = v.path() else { return v };
        let path = path.replace("()", "");
        let hit = self.config.dialect_probes.iter().any(|p| path == *p || path.ends_with(&format!(".{p}")));
        if hit { Value::Dialect } else { v }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_to_dialects() {
        assert_eq!(dialect_from_name("PostgreSQL"), Some(SqlDialect::Postgres));
        assert_eq!(dialect_from_name("postgres"), Some(SqlDialect::Postgres));
        assert_eq!(dialect_from_name("Mysql2"), Some(SqlDialect::Mysql));
        assert_eq!(dialect_from_name("mariadb"), Some(SqlDialect::Mysql));
        assert_eq!(dialect_from_name("SQLite"), Some(SqlDialect::Sqlite));
        assert_eq!(dialect_from_name("better-sqlite3"), Some(SqlDialect::Sqlite));
        assert_eq!(dialect_from_name("mssql"), None);
    }

    #[test]
    fn prefix_and_substring_match_spellings() {
        assert_eq!(matching(|n| n.starts_with("postgres")), [SqlDialect::Postgres].into_iter().collect());
        assert_eq!(matching(|n| n.contains("sql")).len(), 3);
    }
}
