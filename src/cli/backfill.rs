//! `polymig backfill`: run a batched, resumable UPDATE, ad hoc or from a history's `Backfill` operations.
//!
//! ```text
//! polymig backfill --db postgres://…/app --update users --set "email_lower = lower(email)" \
//!     --where "email_lower IS NULL" --batch-size 1000 --pause 20ms
//! polymig backfill --db postgres://…/app db/migrations     # every -- polymig:backfill of the history
//! ```

use std::io::{IsTerminal, Write};
use std::sync::Mutex;

use super::args::{BackfillArgs, OutputFormat};
use super::db::{block_on, fail, load_history, resolve};
use super::progress::render;
use super::{EXIT_INPUT, EXIT_OK, EXIT_USAGE};
use crate::apply::backfill::{BackfillOptions, Progress, adhoc_id, backfill};
use crate::apply::{DbUrl, Timeouts};
use crate::ir::{Assignment, Backfill, Operation, QName};
use crate::sql_expr::to_canonical;

/// Run the backfill(s) and report.
pub fn run(a: &BackfillArgs) -> i32 {
    let url = match resolve(&a.db) {
        Ok(u) => u,
        Err(code) => return code,
    };
    let jobs = match targets(a, &url) {
        Ok(j) => j,
        Err(code) => return code,
    };
    if jobs.is_empty() {
        eprintln!(
            "error[usage]: no backfill to run: pass --update TABLE --set \"column = expression\", or PATHs holding -- polymig:backfill operations"
        );
        return EXIT_USAGE;
    }
    let opts = BackfillOptions {
        jobs: a.jobs.max(1),
        timeouts: Timeouts { lock: a.db.lock_timeout, statement: a.db.statement_timeout },
        slow_batch: a.slow_batch,
        history_table: a.db.table.clone(),
        batch_size: a.batch_size,
        pause: a.pause,
        ..BackfillOptions::default()
    };
    for (id, b) in &jobs {
        let bar = Mutex::new(());
        let show = |p: &Progress| {
            let _guard = bar.lock();
            match a.format {
                OutputFormat::Json => println!("{}", serde_json::to_string(p).unwrap_or_default()),
                OutputFormat::Text if std::io::stderr().is_terminal() => {
                    let est = p.estimate.max(p.rows_done) as usize;
                    let rate = (p.rows_done * 1000).checked_div(p.elapsed_ms).unwrap_or(0);
                    let eta = p.estimate.saturating_sub(p.rows_done).checked_div(rate).unwrap_or(0);
                    let label = format!("{rate} rows/s, ETA {eta}s");
                    eprint!("\r{}", render(p.rows_done as usize, est, &label));
                    let _ = std::io::stderr().flush();
                }
                OutputFormat::Text => {}
            }
        };
        let report = match block_on(backfill(&url, b, id, &opts, &show)) {
            Ok(Ok(r)) => r,
            Ok(Err(e)) => return fail(&e),
            Err(code) => return code,
        };
        match a.format {
            OutputFormat::Json => println!("{}", serde_json::to_string(&report).unwrap_or_default()),
            OutputFormat::Text => {
                if std::io::stderr().is_terminal() {
                    eprintln!();
                }
                let resumed = if report.resumed { " (resumed)" } else { "" };
                println!(
                    "backfilled {} rows of {} in {} ms with {} job(s){resumed} [{}]",
                    report.rows, b.table, report.ms, report.jobs, report.id
                );
            }
        }
    }
    EXIT_OK
}

/// The backfills to run with their checkpoint ids: the ad-hoc one, or those of the history.
fn targets(a: &BackfillArgs, url: &DbUrl) -> Result<Vec<(String, Backfill)>, i32> {
    if let Some(table) = &a.update {
        let mut set = Vec::new();
        for s in &a.set {
            let Some((column, value)) = s.split_once('=') else {
                eprintln!("error[usage]: --set `{s}`: expected column = expression");
                return Err(EXIT_USAGE);
            };
            let column = column.trim().to_string();
            set.push(Assignment { column, value: to_canonical(value.trim(), url.dialect) });
        }
        let name = match table.split_once('.') {
            Some((schema, t)) => QName::qualified(schema, t),
            None => QName::new(table.as_str()),
        };
        let mut b = Backfill::new(name, set);
        b.filter = a.filter.as_deref().map(|w| to_canonical(w, url.dialect));
        b.key = a.key.as_deref().map(|k| k.split(',').map(|c| c.trim().to_string()).collect()).unwrap_or_default();
        return Ok(vec![(adhoc_id(&b), b)]);
    }
    if a.paths.is_empty() {
        return Ok(Vec::new());
    }
    let src = super::args::SourceArgs {
        from: None,
        source_dialect: super::args::DialectArg::Auto,
        strict: false,
        type_map: Vec::new(),
        paths: a.paths.clone(),
    };
    let migrations = load_history(&src, url.dialect)?;
    let mut out = Vec::new();
    for m in migrations.iter().filter(|m| a.version.as_ref().is_none_or(|v| *v == m.id)) {
        for (i, op) in m.up.iter().enumerate() {
            if let Operation::Backfill(b) = &op.kind {
                out.push((format!("{}:{i}", m.id), b.clone()));
            }
        }
    }
    if out.is_empty() && a.version.is_some() {
        eprintln!("error[usage]: migration {} has no backfill", a.version.as_deref().unwrap_or(""));
        return Err(EXIT_INPUT);
    }
    Ok(out)
}
