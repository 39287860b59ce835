//! One backfill job: batches over its key range until none is left, each batch and its
//! checkpoint in one short transaction, shrinking batches that run slow.

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
    loop {
        let t0 = Instant::now();
        transaction::<B>(conn, B::begin_data(), &job.opts.timeouts).await?;
        let result = one_batch(conn, job, last.as_deref(), batch).await;
        let (rows, upper) = match result {
            Ok(r) => r,
            Err(e) => {
                let _ = conn.execute_raw("ROLLBACK").await;
                return Err(e);
            }
        };
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

/// One batch inside the open transaction: the rows changed and the batch's upper key
/// (`None`: it was the last batch of the range).
async fn one_batch<B: Backend>(
    conn: &mut B,
    job: &Job<'_>,
    last: Option<&[String]>,
    batch: u32,
) -> Result<(u64, Option<Vec<String>>), Diagnostic> {
    let bound = job.plan.upper_bound::<B>(last, batch);
    let upper = conn.fetch_texts(&bound).await.map_err(|e| db_error("cannot find the next backfill batch", &e))?;
    let upper: Option<Vec<String>> = upper.into_iter().next().map(|u| split_key(&u));
    let rows = conn
        .execute_rows(&job.plan.update(last, upper.as_deref()))
        .await
        .map_err(|e| db_error("backfill batch failed", &e))?;
    let key_text = upper.as_ref().map(|u| u.join(&KEY_SEPARATOR.to_string()));
    let advance =
        checkpoint::advance::<B>(job.checkpoints, job.id, job.job, key_text.as_deref(), rows, upper.is_none());
    conn.execute(&advance, 0).await.map_err(|e| db_error("cannot record the backfill checkpoint", &e))?;
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
