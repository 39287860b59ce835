//! Batched, resumable data backfills: a [`Backfill`] operation run in keyset-paginated batches.
//!
//! ```no_run
//! # async fn f() -> Result<(), polymig::apply::Error> {
//! use polymig::apply::DbUrl;
//! use polymig::apply::backfill::{BackfillOptions, adhoc_id, backfill};
//! use polymig::ir::{Assignment, Backfill, QName};
//! let url = DbUrl::parse("postgres://postgres@127.0.0.1/app")?;
//! let b = Backfill::new(QName::new("users"), vec![Assignment { column: "n".into(), value: "length(name)".into() }]);
//! let report = backfill(&url, &b, &adhoc_id(&b), &BackfillOptions::default(), &|p| eprintln!("{p:?}")).await?;
//! # Ok(()) }
//! ```
//!
//! Each batch finds its upper key (`ORDER BY key LIMIT 1 OFFSET n-1`), updates the rows between
//! the previous batch's key and that one, and advances the job's checkpoint, all in one short
//! transaction with the lock and statement timeouts set; a pause follows, and a batch that ran
//! longer than `slow_batch` halves the next one. `jobs > 1` splits a single integer key's range
//! between that many connections, each with its own checkpoint. A killed run resumes where the
//! last committed batch left it ([`checkpoint`]).

pub mod checkpoint;
mod run;
pub mod sql;

use std::time::{Duration, Instant};

use serde::Serialize;

use super::backend::{Backend, ConnectOptions, Timeouts};
use super::history::db_error;
use super::{DEFAULT_TABLE, DbUrl, Error, with_backend};
use crate::diagnostics::Diagnostic;
use crate::ir::Backfill;
use run::{Job, run_job};
use sql::Plan;

/// How a backfill runs.
#[derive(Debug, Clone)]
pub struct BackfillOptions {
    /// Connections splitting the key range (single integer keys only).
    pub jobs: u32,
    /// Per-batch lock and statement timeouts (PostgreSQL `SET LOCAL`, MySQL session).
    pub timeouts: Timeouts,
    /// A batch slower than this halves the next batch.
    pub slow_batch: Duration,
    /// The history table; checkpoints live in `<table>_backfills`.
    pub history_table: String,
    /// How long to wait for the server to answer a connection.
    pub connect_timeout: Duration,
    /// Rows per batch, overriding the operation's.
    pub batch_size: Option<u32>,
    /// Pause between batches, overriding the operation's.
    pub pause: Option<Duration>,
}

impl Default for BackfillOptions {
    fn default() -> Self {
        BackfillOptions {
            jobs: 1,
            timeouts: Timeouts { lock: Duration::from_secs(2), statement: Duration::from_secs(30) },
            slow_batch: Duration::from_secs(1),
            history_table: DEFAULT_TABLE.to_string(),
            connect_timeout: Duration::from_secs(10),
            batch_size: None,
            pause: None,
        }
    }
}

/// One batch done: `{"job","batch_rows","rows_done","estimate","batch_size","batch_ms","elapsed_ms","finished"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Which job.
    pub job: u64,
    /// Rows the batch changed.
    pub batch_rows: u64,
    /// Rows the job changed so far, earlier runs included.
    pub rows_done: u64,
    /// Rows matching the backfill when this run started (all jobs).
    pub estimate: u64,
    /// The batch size used.
    pub batch_size: u32,
    /// How long the batch took.
    pub batch_ms: u64,
    /// Time since the job started in this run.
    pub elapsed_ms: u64,
    /// The job reached the end of its range.
    pub finished: bool,
}

/// The outcome of [`backfill`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackfillReport {
    /// The checkpoint id.
    pub id: String,
    /// Jobs that ran.
    pub jobs: u64,
    /// Rows changed by this run.
    pub rows: u64,
    /// Whether an earlier, interrupted run had already done part of it.
    pub resumed: bool,
    /// Wall time of this run.
    pub ms: u64,
}

/// The checkpoint id of a backfill run on its own: `adhoc:` and a hash of what it does.
pub fn adhoc_id(b: &Backfill) -> String {
    use sha2::{Digest, Sha256};
    let canonical = serde_json::to_string(&(&b.table, &b.set, &b.filter, &b.key)).unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    let hex: String = digest.iter().take(8).map(|x| format!("{x:02x}")).collect();
    format!("adhoc:{hex}")
}

/// Run (or resume) the backfill `b` under the checkpoint `id`, calling `on_progress` after each batch.
pub async fn backfill(
    url: &DbUrl,
    b: &Backfill,
    id: &str,
    opts: &BackfillOptions,
    on_progress: &(dyn Fn(&Progress) + Sync),
) -> Result<BackfillReport, Error> {
    let key = key_of(url, b).await?;
    let connect =
        ConnectOptions { create: false, connect_timeout: opts.connect_timeout, busy_timeout: opts.timeouts.lock };
    with_backend!(url, &connect, |conn: B| run_all::<B>(&mut conn, url, &connect, b, &key, id, opts, on_progress).await)
}

/// The key to page by: the operation's, else the live table's primary key.
async fn key_of(url: &DbUrl, b: &Backfill) -> Result<Vec<String>, Error> {
    let live = crate::schema::introspect::introspect_url(url.expose())
        .await
        .map_err(|e| Diagnostic::error("db-error", format!("cannot read the schema of {}: {e}", url.redacted())))?;
    Ok(crate::schema::check_backfill(&live, b)?)
}

#[allow(clippy::too_many_arguments)]
async fn run_all<B: Backend + Send>(
    conn: &mut B,
    url: &DbUrl,
    connect: &ConnectOptions,
    b: &Backfill,
    key: &[String],
    id: &str,
    opts: &BackfillOptions,
    on_progress: &(dyn Fn(&Progress) + Sync),
) -> Result<BackfillReport, Error> {
    let started = Instant::now();
    let checkpoints = checkpoint::table_name(&opts.history_table);
    checkpoint::ensure(conn, &checkpoints).await?;
    let mut types = Vec::new();
    for k in key {
        types.push(match B::column_type_query(&sql::table_name::<B>(b), k) {
            Some(q) => conn.fetch_texts(&q).await.map_err(|e| db_error("cannot read the key's type", &e))?.pop(),
            None => None,
        });
    }
    let plan = Plan::new::<B>(b, key, &types);
    let jobs = match checkpoint::recorded_jobs(conn, &checkpoints, id).await? {
        Some(n) if n != u64::from(opts.jobs.max(1)) && opts.jobs > 1 => {
            return Err(Diagnostic::error(
                "backfill-jobs-changed",
                format!("backfill {id} was started with {n} job(s); resume it with --jobs {n}"),
            )
            .into());
        }
        Some(n) => n,
        None => u64::from(opts.jobs.max(1)),
    };
    let ranges = if jobs > 1 { split_range::<B>(conn, &plan, key, jobs).await? } else { vec![(None, None)] };
    let estimate = conn.fetch_int(&plan.remaining(None)).await.map_err(|e| db_error("cannot count the rows", &e))?;
    let target = b.table.to_string();
    let mut resumed = false;
    let mut states = Vec::new();
    for job in 0..jobs {
        let state = checkpoint::load(conn, &checkpoints, id, job, jobs, &target).await?;
        resumed |= state.rows_done > 0 || state.last_key.is_some();
        states.push(state);
    }
    let make_job = |job: u64| {
        let (after, until) = ranges[job as usize].clone();
        let mut plan = plan.clone();
        plan.until = until;
        let job = Job {
            id,
            job,
            checkpoints: &checkpoints,
            plan,
            batch_size: opts.batch_size.unwrap_or(b.batch_size).max(1),
            pause: opts.pause.unwrap_or(Duration::from_millis(b.pause_ms)),
            estimate: estimate.unwrap_or(0) as u64,
            opts,
        };
        (job, after)
    };
    let mut rows = 0;
    if jobs == 1 {
        let (job, after) = make_job(0);
        let mut state = states.remove(0);
        state.last_key = state.last_key.or(after);
        rows = run_job(conn, &job, state, on_progress).await?;
    } else {
        let results: Vec<Result<u64, Diagnostic>> = std::thread::scope(|s| {
            let handles: Vec<_> = states
                .into_iter()
                .enumerate()
                .map(|(i, mut state)| {
                    let (job, after) = make_job(i as u64);
                    state.last_key = state.last_key.or(after);
                    s.spawn(move || {
                        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                        let rt = rt.map_err(|e| Diagnostic::error("runtime", format!("cannot start a job: {e}")))?;
                        rt.block_on(async {
                            let mut c = B::connect(url, connect).await?;
                            let r = run_job(&mut c, &job, state, on_progress).await;
                            c.close().await;
                            r
                        })
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(Diagnostic::error("panic", "a job panicked"))))
                .collect()
        });
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(n) => rows += n,
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            return Err(Error(errors));
        }
    }
    Ok(BackfillReport { id: id.to_string(), jobs, rows, resumed, ms: started.elapsed().as_millis() as u64 })
}

/// Equal slices of a single integer key's range: each job's exclusive lower key (text) and
/// exclusive upper key.
async fn split_range<B: Backend>(
    conn: &mut B,
    plan: &Plan,
    key: &[String],
    jobs: u64,
) -> Result<Vec<(Option<String>, Option<Vec<String>>)>, Error> {
    let not_integer = || {
        Diagnostic::error("backfill-jobs-key", "parallel jobs need a single integer key; run with --jobs 1".to_string())
    };
    if key.len() != 1 {
        return Err(not_integer().into());
    }
    let k = B::quote(&key[0]);
    let mut bounds = Vec::new();
    for f in ["MIN", "MAX"] {
        let q =
            super::bound::BoundSql::new(format!("SELECT {} FROM {}", B::text_cast(&format!("{f}({k})")), plan.table()));
        let v = conn.fetch_texts(&q).await.map_err(|e| db_error("cannot read the key range", &e))?;
        match v.first() {
            Some(t) => bounds.push(t.trim().parse::<i64>().map_err(|_| not_integer())?),
            None => return Ok((0..jobs).map(|_| (None, Some(vec!["0".to_string()]))).collect()),
        }
    }
    let (lo, hi) = (bounds[0], bounds[1]);
    let step = ((hi - lo) as u64 / jobs + 1) as i64;
    Ok((0..jobs as i64)
        .map(|i| {
            let start = lo + i * step;
            let after = (i > 0).then(|| (start - 1).to_string());
            let until = (i < jobs as i64 - 1).then(|| vec![(start + step).to_string()]);
            (after, until)
        })
        .collect())
}
