//! The checkpoint table beside the history table: `<history>_backfills`, one row per backfill job.
//!
//! ```sql
//! CREATE TABLE IF NOT EXISTS "polymig_migrations_backfills" (
//!   "id" varchar(255) NOT NULL,   -- the backfill: `<version>:<n>` in a history, `adhoc:<hash>` otherwise
//!   "job" bigint NOT NULL,        -- 0 .. jobs-1
//!   "jobs" bigint NOT NULL,       -- how many jobs split the key range (fixed once started)
//!   "table_name" text NOT NULL,
//!   "last_key" text,              -- the last key done; NULL before the first batch
//!   "rows_done" bigint NOT NULL,
//!   "batches" bigint NOT NULL,
//!   "finished" boolean NOT NULL,
//!   PRIMARY KEY ("id", "job"))
//! ```
//!
//! Each batch's `UPDATE` and the checkpoint's advance commit in one transaction, so a run that is
//! killed resumes after the last committed batch and no row is updated twice.

use super::super::backend::Backend;
use super::super::bound::{BoundSql, Value};
use super::super::history::db_error;
use crate::diagnostics::Diagnostic;

/// Where one job stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobState {
    /// The last key done (text columns joined by the unit separator).
    pub last_key: Option<String>,
    /// Rows updated so far.
    pub rows_done: u64,
    /// Whether the job reached the end of its range.
    pub finished: bool,
}

/// The checkpoint table of a history table.
pub fn table_name(history: &str) -> String {
    format!("{history}_backfills")
}

/// Create the table when missing.
pub async fn ensure<B: Backend>(conn: &mut B, table: &str) -> Result<(), Diagnostic> {
    let t = B::TYPES;
    let q = |c: &str| B::quote(c);
    let sql = format!(
        "CREATE TABLE IF NOT EXISTS {} ({} {} NOT NULL, {} {} NOT NULL, {} {} NOT NULL, {} {} NOT NULL, {} {}, \
         {} {} NOT NULL, {} {} NOT NULL, {} {} NOT NULL, PRIMARY KEY ({}, {}))",
        q(table),
        q("id"),
        t.key,
        q("job"),
        t.bigint,
        q("jobs"),
        t.bigint,
        q("table_name"),
        t.text,
        q("last_key"),
        t.text,
        q("rows_done"),
        t.bigint,
        q("batches"),
        t.bigint,
        q("finished"),
        t.boolean,
        q("id"),
        q("job"),
    );
    conn.execute_raw(&sql).await.map_err(|e| db_error("cannot create the backfill checkpoint table", &e))
}

fn select<B: Backend>(table: &str, what: &str, id: &str, job: Option<u64>) -> BoundSql {
    let mut q = BoundSql::new(format!("SELECT {what} FROM {} WHERE {} = ", B::quote(table), B::quote("id")))
        .bind(Value::Text(id.to_string()));
    if let Some(job) = job {
        q = q.push(&format!(" AND {} = ", B::quote("job"))).bind(Value::Int(job as i64));
    }
    q
}

/// How many jobs an earlier run of `id` split into (`None`: never started).
pub async fn recorded_jobs<B: Backend>(conn: &mut B, table: &str, id: &str) -> Result<Option<u64>, Diagnostic> {
    let q = select::<B>(table, &format!("MAX({})", B::quote("jobs")), id, None);
    let n = conn.fetch_int(&q).await.map_err(|e| db_error("cannot read the backfill checkpoint", &e))?;
    Ok(n.map(|n| n as u64))
}

/// The state of one job, creating its row when it has none.
pub async fn load<B: Backend>(
    conn: &mut B,
    table: &str,
    id: &str,
    job: u64,
    jobs: u64,
    target: &str,
) -> Result<JobState, Diagnostic> {
    let err = |e: sqlx::Error| db_error("cannot read the backfill checkpoint", &e);
    let exists = conn.fetch_int(&select::<B>(table, "COUNT(*)", id, Some(job))).await.map_err(err)?;
    match exists.filter(|n| *n > 0) {
        Some(_) => {
            let done = select::<B>(table, "COUNT(*)", id, Some(job))
                .push(&format!(" AND {} = ", B::quote("finished")))
                .bind(Value::Bool(true));
            let done = conn.fetch_int(&done).await.map_err(err)?.unwrap_or(0);
            let last =
                conn.fetch_texts(&select::<B>(table, &B::quote("last_key"), id, Some(job))).await.map_err(err)?;
            let rows = conn.fetch_int(&select::<B>(table, &B::quote("rows_done"), id, Some(job))).await.map_err(err)?;
            Ok(JobState { last_key: last.into_iter().next(), rows_done: rows.unwrap_or(0) as u64, finished: done > 0 })
        }
        None => {
            let q = BoundSql::new(format!(
                "INSERT INTO {} ({}, {}, {}, {}, {}, {}, {}) VALUES (",
                B::quote(table),
                B::quote("id"),
                B::quote("job"),
                B::quote("jobs"),
                B::quote("table_name"),
                B::quote("rows_done"),
                B::quote("batches"),
                B::quote("finished"),
            ))
            .bind_list([
                Value::Text(id.to_string()),
                Value::Int(job as i64),
                Value::Int(jobs as i64),
                Value::Text(target.to_string()),
                Value::Int(0),
                Value::Int(0),
                Value::Bool(false),
            ])
            .push(")");
            conn.execute(&q, 0).await.map_err(|e| db_error("cannot record the backfill checkpoint", &e))?;
            Ok(JobState::default())
        }
    }
}

/// Advance a job's checkpoint past a batch (run inside the batch's transaction).
pub fn advance<B: Backend>(
    table: &str,
    id: &str,
    job: u64,
    last_key: Option<&str>,
    rows: u64,
    finished: bool,
) -> BoundSql {
    let q = |c: &str| B::quote(c);
    let mut sql = BoundSql::new(format!("UPDATE {} SET ", q(table)));
    if let Some(k) = last_key {
        sql = sql.push(&format!("{} = ", q("last_key"))).bind(Value::Text(k.to_string())).push(", ");
    }
    sql.push(&format!("{r} = {r} + ", r = q("rows_done")))
        .bind(Value::Int(rows as i64))
        .push(&format!(", {b} = {b} + 1, {} = ", q("finished"), b = q("batches")))
        .bind(Value::Bool(finished))
        .push(&format!(" WHERE {} = ", q("id")))
        .bind(Value::Text(id.to_string()))
        .push(&format!(" AND {} = ", q("job")))
        .bind(Value::Int(job as i64))
}
