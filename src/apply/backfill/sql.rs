//! The statements of a batched backfill, for one database ([`Backend`]):
//!
//! ```sql
//! -- the upper key of the next batch (the batch's last row)
//! SELECT CAST("id" AS TEXT) FROM "users" WHERE ("id") > ($1) AND (email_lower IS NULL) ORDER BY "id" LIMIT 1 OFFSET 999
//! -- the batch itself, then the checkpoint, in one transaction
//! UPDATE "users" SET "email_lower" = lower(email) WHERE ("id") > ($1) AND ("id") <= ($2) AND (email_lower IS NULL)
//! UPDATE "polymig_backfills" SET "last_key" = $1, "rows_done" = "rows_done" + $2, … WHERE "id" = $3
//! ```
//!
//! Key values travel as text (one value per key column, joined by a unit separator) and are cast
//! back to the key column's type where the database needs it (PostgreSQL).

use super::super::backend::Backend;
use super::super::bound::{BoundSql, Value};
use crate::ir::Backfill;
use crate::sql_expr::from_canonical;

/// Separates the columns of a composite key in the stored checkpoint.
pub const KEY_SEPARATOR: char = '\u{1f}';

/// One job's slice of a backfill: the statements it runs, built once.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `"users"`, quoted.
    table: String,
    /// Quoted key columns.
    key: Vec<String>,
    /// How each key value is written as a parameter (`CAST(? AS bigint)` or `?`).
    casts: Vec<String>,
    /// `"a" = expr, …` for the target dialect.
    set: String,
    /// ` AND (filter)`, or empty.
    filter: String,
    /// The exclusive upper key of this job's range (parallel jobs), as text values.
    pub until: Option<Vec<String>>,
}

impl Plan {
    /// Plan `b` keyed by `key` (columns), whose database types are `key_types` (`None`: no cast).
    pub fn new<B: Backend>(b: &Backfill, key: &[String], key_types: &[Option<String>]) -> Self {
        let dialect = B::DIALECT;
        let set: Vec<String> = b
            .set
            .iter()
            .map(|a| format!("{} = {}", B::quote(&a.column), from_canonical(&a.value, dialect).0))
            .collect();
        let filter = b.filter.as_ref().map(|f| format!(" AND ({})", from_canonical(f, dialect).0)).unwrap_or_default();
        let casts = key_types
            .iter()
            .map(|t| match t {
                Some(t) => format!("CAST(? AS {t})"),
                None => "?".to_string(),
            })
            .collect();
        Plan {
            table: table_name::<B>(b),
            key: key.iter().map(|c| B::quote(c)).collect(),
            casts,
            set: set.join(", "),
            filter,
            until: None,
        }
    }

    /// The quoted table.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// `("a", "b")`.
    fn key_tuple(&self) -> String {
        format!("({})", self.key.join(", "))
    }

    /// `q` followed by `(CAST(? AS t), …)` with `values` bound.
    fn bind_key(&self, mut q: BoundSql, values: &[String]) -> BoundSql {
        q = q.push("(");
        for (i, (cast, v)) in self.casts.iter().zip(values).enumerate() {
            if i > 0 {
                q = q.push(", ");
            }
            let (before, after) = cast.split_once('?').unwrap_or(("", ""));
            q = q.push(before).bind(Value::Text(v.clone())).push(after);
        }
        q.push(")")
    }

    /// ` WHERE key > last AND key < until AND filter` (each bound only when known).
    fn range(&self, mut q: BoundSql, after: Option<&[String]>) -> BoundSql {
        let mut conds = 0;
        let mut and = |q: BoundSql| {
            conds += 1;
            q.push(if conds == 1 { " WHERE " } else { " AND " })
        };
        if let Some(last) = after {
            q = and(q).push(&self.key_tuple()).push(" > ");
            q = self.bind_key(q, last);
        }
        if let Some(until) = &self.until {
            q = and(q).push(&self.key_tuple()).push(" < ");
            q = self.bind_key(q, until);
        }
        if !self.filter.is_empty() {
            q = and(q).push(&self.filter[" AND ".len()..]);
        }
        q
    }

    /// The key of the `n`th row after `after` (the last row of the next batch), as text columns.
    pub fn upper_bound<B: Backend>(&self, after: Option<&[String]>, n: u32) -> BoundSql {
        let texts: Vec<String> = self.key.iter().map(|k| B::text_cast(k)).collect();
        // Aliased, or ORDER BY "id" would sort the text output column ("10" before "2").
        let alias = B::quote("polymig_key");
        let q = BoundSql::new(format!("SELECT {} AS {alias} FROM {}", B::key_concat(&texts), self.table));
        let order = self.key.join(", ");
        self.range(q, after).push(&format!(" ORDER BY {order} LIMIT 1 OFFSET {}", n.saturating_sub(1)))
    }

    /// Rows left to do (for the progress estimate).
    pub fn remaining(&self, after: Option<&[String]>) -> BoundSql {
        self.range(BoundSql::new(format!("SELECT COUNT(*) FROM {}", self.table)), after)
    }

    /// The smallest and largest key (single-column integer keys, to split the range between jobs).
    pub fn min_max(&self) -> BoundSql {
        let k = &self.key[0];
        BoundSql::new(format!("SELECT MIN({k}), MAX({k}) FROM {}", self.table))
    }

    /// The batch: rows after `after`, up to and including `upto` (`None`: to the end of the range).
    pub fn update(&self, after: Option<&[String]>, upto: Option<&[String]>) -> BoundSql {
        let mut q = self.range(BoundSql::new(format!("UPDATE {} SET {}", self.table, self.set)), after);
        if let Some(upto) = upto {
            let glue =
                if after.is_none() && self.until.is_none() && self.filter.is_empty() { " WHERE " } else { " AND " };
            q = q.push(glue).push(&self.key_tuple()).push(" <= ");
            q = self.bind_key(q, upto);
        }
        q
    }
}

/// `"schema"."table"`, quoted.
pub fn table_name<B: Backend>(b: &Backfill) -> String {
    match &b.table.schema {
        Some(s) => format!("{}.{}", B::quote(s), B::quote(&b.table.name)),
        None => B::quote(&b.table.name),
    }
}

/// Split a stored key back into its columns.
pub fn split_key(text: &str) -> Vec<String> {
    text.split(KEY_SEPARATOR).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::backend::{MysqlBackend, PostgresBackend, SqliteBackend};
    use crate::ir::{Assignment, QName, SqlDialect};

    fn users() -> Backfill {
        let mut b = Backfill::new(
            QName::new("users"),
            vec![Assignment { column: "email_lower".into(), value: "lower(email)".into() }],
        );
        b.filter = Some("email_lower IS NULL".into());
        b
    }

    #[test]
    fn batches_are_bounded_by_the_key_with_typed_parameters() {
        let plan = Plan::new::<PostgresBackend>(&users(), &["id".into()], &[Some("bigint".into())]);
        let last = vec!["41".to_string()];
        let q = plan.upper_bound::<PostgresBackend>(Some(&last), 1000);
        assert_eq!(
            q.sql(SqlDialect::Postgres),
            "SELECT CAST(\"id\" AS TEXT) AS \"polymig_key\" FROM \"users\" WHERE (\"id\") > (CAST($1 AS bigint)) AND (email_lower IS NULL) ORDER BY \"id\" LIMIT 1 OFFSET 999"
        );
        let q = plan.update(Some(&last), Some(&["1041".to_string()]));
        assert_eq!(
            q.sql(SqlDialect::Postgres),
            "UPDATE \"users\" SET \"email_lower\" = lower(email) WHERE (\"id\") > (CAST($1 AS bigint)) AND (email_lower IS NULL) AND (\"id\") <= (CAST($2 AS bigint))"
        );
        assert_eq!(q.params(), &[Value::Text("41".into()), Value::Text("1041".into())]);
    }

    #[test]
    fn the_first_batch_has_no_lower_bound_and_composite_keys_compare_as_rows() {
        let mut b = users();
        b.filter = None;
        let plan = Plan::new::<MysqlBackend>(&b, &["a".into(), "b".into()], &[None, None]);
        assert_eq!(
            plan.update(None, Some(&["1".to_string(), "x".to_string()])).sql(SqlDialect::Mysql),
            "UPDATE `users` SET `email_lower` = lower(email) WHERE (`a`, `b`) <= (?, ?)"
        );
        assert!(
            plan.upper_bound::<MysqlBackend>(None, 10).sql(SqlDialect::Mysql).starts_with("SELECT CONCAT_WS(CHAR(31)")
        );
        let plan = Plan::new::<SqliteBackend>(&b, &["a".into(), "b".into()], &[None, None]);
        assert!(plan.upper_bound::<SqliteBackend>(None, 10).sql(SqlDialect::Sqlite).contains(" || char(31) || "));
        assert_eq!(split_key("1\u{1f}x"), ["1", "x"]);
    }

    #[test]
    fn a_job_stops_before_the_next_jobs_range() {
        let mut plan = Plan::new::<SqliteBackend>(&users(), &["id".into()], &[None]);
        plan.until = Some(vec!["500".into()]);
        assert_eq!(
            plan.update(None, None).sql(SqlDialect::Sqlite),
            "UPDATE \"users\" SET \"email_lower\" = lower(email) WHERE (\"id\") < (?) AND (email_lower IS NULL)"
        );
    }
}
