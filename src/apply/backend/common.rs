//! sqlx code shared by the backends, generic over the sqlx database type.

use sqlx::{AssertSqlSafe, ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Row, Type};

use super::super::bound::{BoundSql, Value};
use super::super::history::Record;
use crate::ir::SqlDialect;

/// Run text SQL through the simple protocol.
pub(super) async fn execute_raw<DB>(conn: &mut DB::Connection, sql: &str) -> Result<(), sqlx::Error>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
{
    sqlx::raw_sql(AssertSqlSafe(sql.to_string())).execute(&mut *conn).await?;
    Ok(())
}

pub(super) fn bound_query<DB>(
    q: &BoundSql,
    dialect: SqlDialect,
    elapsed_ms: i64,
) -> sqlx::query::Query<'static, DB, DB::Arguments>
where
    DB: Database,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
    for<'t> bool: Encode<'t, DB> + Type<DB>,
{
    let mut query = sqlx::query::<DB>(AssertSqlSafe(q.sql(dialect)));
    for v in q.params() {
        query = match v {
            Value::Text(s) => query.bind(s.clone()),
            Value::Int(n) => query.bind(*n),
            Value::Bool(b) => query.bind(*b),
            Value::ElapsedMs => query.bind(elapsed_ms),
        };
    }
    query
}

/// Run a bookkeeping statement with its values bound.
pub(super) async fn execute<DB>(
    conn: &mut DB::Connection,
    q: &BoundSql,
    dialect: SqlDialect,
    elapsed_ms: i64,
) -> Result<(), sqlx::Error>
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
    for<'t> bool: Encode<'t, DB> + Type<DB>,
{
    bound_query::<DB>(q, dialect, elapsed_ms).execute(&mut *conn).await?;
    Ok(())
}

/// Run a query and decode history records.
pub(super) async fn fetch_records<DB>(
    conn: &mut DB::Connection,
    q: &BoundSql,
    dialect: SqlDialect,
) -> Result<Vec<Record>, sqlx::Error>
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'t> String: Encode<'t, DB> + Type<DB> + Decode<'t, DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB> + Decode<'t, DB>,
    for<'t> bool: Encode<'t, DB> + Type<DB> + Decode<'t, DB>,
    usize: ColumnIndex<DB::Row>,
{
    let rows = bound_query::<DB>(q, dialect, 0).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| {
            Ok(Record {
                version: r.try_get(0)?,
                name: r.try_get(1)?,
                source: r.try_get(2)?,
                checksum: r.try_get(3)?,
                applied_at: r.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
                execution_time_ms: r.try_get::<Option<i64>, _>(5)?.unwrap_or(0),
                success: r.try_get(6)?,
                applied_by: r.try_get::<Option<String>, _>(7)?.unwrap_or_default(),
                polymig_version: r.try_get::<Option<String>, _>(8)?.unwrap_or_default(),
            })
        })
        .collect()
}

/// Run a query and read the first column of the first row as an integer.
pub(super) async fn fetch_int<DB>(
    conn: &mut DB::Connection,
    q: &BoundSql,
    dialect: SqlDialect,
) -> Result<Option<i64>, sqlx::Error>
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'t> String: Encode<'t, DB> + Type<DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB> + Decode<'t, DB>,
    for<'t> bool: Encode<'t, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let row = bound_query::<DB>(q, dialect, 0).fetch_optional(&mut *conn).await?;
    match row {
        Some(r) => r.try_get::<Option<i64>, _>(0),
        None => Ok(None),
    }
}

/// Run a query and read the first column of every row as text.
pub(super) async fn fetch_texts<DB>(
    conn: &mut DB::Connection,
    q: &BoundSql,
    dialect: SqlDialect,
) -> Result<Vec<String>, sqlx::Error>
where
    DB: Database,
    DB::Arguments: IntoArguments<DB>,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'t> String: Encode<'t, DB> + Type<DB> + Decode<'t, DB>,
    for<'t> i64: Encode<'t, DB> + Type<DB>,
    for<'t> bool: Encode<'t, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let rows = bound_query::<DB>(q, dialect, 0).fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        if let Some(s) = r.try_get::<Option<String>, _>(0)? {
            out.push(s);
        }
    }
    Ok(out)
}
