//! One backfill job: batches over its key range until none is left, each batch and its
//! checkpoint in one short transaction, shrinking batches that run slow. A batch that loses to
//! the application's writes (its lock or statement timeout, a deadlock) is rolled back and
//! retried, halved, after a growing pause; after five such retries the backfill stops with the
//! error, and a re-run resumes from the checkpoint.

use std::time::{Duration, Instant};

use super::super::backend::{Backend, Timeouts};
use super::super::history::db_error;
use super::checkpoint::{self, JobState};
use super::sql::{KEY_SEPARATOR, Plan, split_key};
use super::{BackfillOptions, Progress};
use crate::diagnostics::Diagnostic;

/// What a job needs besides its connection.
pub(super) struct Job<'a> {
    pub id: &'a str,
    pub job: u64,
    pub checkpoints: &'a str,
    pub plan: Plan,
    pub batch_size: u32,
    pub pause: Duration,
    pub estimate: u64,
    pub opts: &'a BackfillOptions,
}

/// Run the job from its checkpoint to the end of its range; the rows it updated in this run.
pub(super) async fn run_job<B: Backend>(
    conn: &mut B,
    job: &Job<'_>,
    state: JobState,
    on_progress: &(dyn Fn(&Progress) + Sync),
) -> Result<u64, Diagnostic> {
    if state.finished {
        return Ok(0);
    }
    let started = Instant::now();
    let mut last: Option<Vec<String>> = state.last_key.as_deref().map(split_key);
    let mut batch = job.batch_size;
    let mut done_now = 0u64;
    let mut total_done = state.rows_done;
    let mut retries = 0u32;
    loop {
        let t0 = Instant::now();
        transaction::<B>(conn, B::begin_data(), &job.opts.timeouts).await?;
        let result = one_batch(conn, job, last.as_deref(), batch).await;
        let (rows, upper) = match result {
            Ok(r) => r,
            Err(Failure { diagnostic, transient }) => {
                let _ = conn.execute_raw("ROLLBACK").await;
                // A lock wait that timed out, a deadlock or a serialization failure: the batch
                // gave way to the application's writes. Retry it smaller after a pause.
                if transient && retries < MAX_RETRIES {
                    retries += 1;
                    batch = (batch / 2).max(1);
                    tokio::time::sleep(RETRY_PAUSE * 2u32.pow(retries - 1)).await;
                    continue;
                }
                let d = if transient {
                    Diagnostic::error(
                        diagnostic.code,
                        format!("{} (after {MAX_RETRIES} retries with smaller batches)", diagnostic.message),
                    )
                } else {
                    diagnostic
                };
                return Err(d);
            }
        };
        retries = 0;
        conn.execute_raw("COMMIT").await.map_err(|e| db_error("cannot commit a backfill batch", &e))?;
        done_now += rows;
        total_done += rows;
        let elapsed = t0.elapsed();
        on_progress(&Progress {
            job: job.job,
            batch_rows: rows,
            rows_done: total_done,
            estimate: job.estimate,
            batch_size: batch,
            batch_ms: elapsed.as_millis() as u64,
            elapsed_ms: started.elapsed().as_millis() as u64,
            finished: upper.is_none(),
        });
        let Some(upper) = upper else { return Ok(done_now) };
        last = Some(upper);
        batch = throttle(batch, job.batch_size, elapsed, job.opts.slow_batch);
        if !job.pause.is_zero() {
            tokio::time::sleep(job.pause).await;
        }
    }
}

/// Halve a batch that took longer than `slow`; grow a fast one back towards `max`.
pub(super) fn throttle(batch: u32, max: u32, took: Duration, slow: Duration) -> u32 {
    if took > slow {
        (batch / 2).max(10.min(max))
    } else if took < slow / 4 && batch < max {
        batch.saturating_mul(2).min(max)
    } else {
        batch
    }
}

/// `BEGIN` plus the transaction's timeouts.
async fn transaction<B: Backend>(conn: &mut B, begin: &str, timeouts: &Timeouts) -> Result<(), Diagnostic> {
    conn.execute_raw(begin).await.map_err(|e| db_error("cannot start a backfill batch", &e))?;
    for s in B::set_timeouts(timeouts, true) {
        conn.execute_raw(&s).await.map_err(|e| db_error("cannot set the backfill timeouts", &e))?;
    }
    Ok(())
}

/// Retries of one batch that failed on a lock or a deadlock, before the backfill stops.
const MAX_RETRIES: u32 = 5;
/// The pause before the first retry; it doubles with each retry.
const RETRY_PAUSE: Duration = Duration::from_millis(100);

/// Why a batch failed, and whether trying again (smaller, later) may succeed.
struct Failure {
    diagnostic: Diagnostic,
    transient: bool,
}

impl Failure {
    fn of(context: &str, e: &sqlx::Error) -> Self {
        Failure { diagnostic: db_error(context, e), transient: transient(e) }
    }
}

/// A failure caused by concurrent writers rather than by the backfill itself: PostgreSQL
/// `lock_not_available` (55P03, `lock_timeout`), `query_canceled` (57014, `statement_timeout`),
/// class 40 (deadlock 40P01, serialization 40001); MySQL / MariaDB deadlock (1213, SQLSTATE
/// 40001) and lock wait timeout (1205); SQLite `SQLITE_BUSY` / `SQLITE_LOCKED`.
fn transient(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = e else { return false };
    let code = db.code().map(|c| c.to_string()).unwrap_or_default();
    code.starts_with("40")
        || ["55P03", "57014", "1205", "1213", "5", "6", "517", "261", "262"].contains(&code.as_str())
        || db.message().contains("Lock wait timeout exceeded")
}

/// One batch inside the open transaction: the rows changed and the batch's upper key
/// (`None`: it was the last batch of the range).
async fn one_batch<B: Backend>(
    conn: &mut B,
    job: &Job<'_>,
    last: Option<&[String]>,
    batch: u32,
) -> Result<(u64, Option<Vec<String>>), Failure> {
    let bound = job.plan.upper_bound::<B>(last, batch);
    let upper = conn.fetch_texts(&bound).await.map_err(|e| Failure::of("cannot find the next backfill batch", &e))?;
    let upper: Option<Vec<String>> = upper.into_iter().next().map(|u| split_key(&u));
    let rows = conn
        .execute_rows(&job.plan.update(last, upper.as_deref()))
        .await
        .map_err(|e| Failure::of("backfill batch failed", &e))?;
    let key_text = upper.as_ref().map(|u| u.join(&KEY_SEPARATOR.to_string()));
    let advance =
        checkpoint::advance::<B>(job.checkpoints, job.id, job.job, key_text.as_deref(), rows, upper.is_none());
    conn.execute(&advance, 0).await.map_err(|e| Failure::of("cannot record the backfill checkpoint", &e))?;
    Ok((rows, upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slow_batches_shrink_and_fast_ones_grow_back() {
        let slow = Duration::from_millis(1000);
        assert_eq!(throttle(1000, 1000, Duration::from_millis(1500), slow), 500);
        assert_eq!(throttle(500, 1000, Duration::from_millis(100), slow), 1000);
        assert_eq!(throttle(1000, 1000, Duration::from_millis(100), slow), 1000);
        assert_eq!(throttle(12, 1000, Duration::from_millis(5000), slow), 10);
        assert_eq!(throttle(600, 1000, Duration::from_millis(500), slow), 600);
    }
}
