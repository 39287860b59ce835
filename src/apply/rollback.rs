//! `rollback`: undo the last applied migrations with their down scripts.
//!
//! Every target is checked first (known file, unchanged checksum, derivable down script);
//! if any fails the check, nothing is changed.

use super::backend::Backend;
use super::history;
use super::run::{check_history, connect_options, run_units};
use super::script::{self, Direction};
use super::status::{State, classify};
use super::units::Unit;
use super::url::DbUrl;
use super::{DbOptions, Error, Event, RunReport, with_backend};
use crate::diagnostics::Diagnostic;

/// Options of [`rollback`].
#[derive(Debug, Clone, Default)]
pub struct RollbackOptions {
    /// Database settings.
    pub db: DbOptions,
    /// Undo this many applied migrations (default 1).
    pub steps: Option<usize>,
    /// Undo every applied migration after this version (it stays applied).
    pub to: Option<String>,
    /// Print the SQL instead of running it.
    pub dry_run: bool,
    /// Undo migrations whose files changed since they were applied.
    pub allow_changed: bool,
}

/// Roll back applied migrations, newest first; `units` must be built with down scripts.
pub async fn rollback(
    url: &DbUrl,
    units: &[Unit],
    opts: &RollbackOptions,
    on_event: &mut dyn FnMut(&Event),
) -> Result<RunReport, Error> {
    if let Some(to) = &opts.to
        && !units.iter().any(|u| &u.version == to)
    {
        return Err(Diagnostic::error("unknown-version", format!("--to {to}: no migration has this version")).into());
    }
    with_backend!(url, &connect_options(&opts.db, false), |conn: B| {
        if opts.dry_run {
            rollback_locked::<B>(&mut conn, units, opts, on_event).await
        } else {
            conn.lock(&opts.db.table, opts.db.wait).await?;
            let r = rollback_locked::<B>(&mut conn, units, opts, on_event).await;
            conn.unlock(&opts.db.table).await;
            r
        }
    })
}

async fn rollback_locked<B: Backend>(
    db: &mut B,
    units: &[Unit],
    opts: &RollbackOptions,
    on_event: &mut dyn FnMut(&Event),
) -> Result<RunReport, Error> {
    let table = &opts.db.table;
    let records = history::read(db, table).await?;
    let statuses = classify(&units.iter().map(Unit::entry).collect::<Vec<_>>(), &records);
    let mut report = RunReport { warnings: check_history(&statuses, &records, true, table)?, ..RunReport::default() };
    report.warnings.retain(|w| w.code != "checksum-mismatch");
    let applied: Vec<(&Unit, State)> = units
        .iter()
        .filter_map(|u| {
            let s = statuses.iter().find(|s| s.version == u.version)?;
            matches!(s.state, State::Applied | State::ChecksumMismatch).then_some((u, s.state))
        })
        .collect();
    let count = match (&opts.to, opts.steps) {
        (Some(to), _) => applied.iter().rev().take_while(|(u, _)| &u.version != to).count(),
        (None, steps) => steps.unwrap_or(1).min(applied.len()),
    };
    let targets: Vec<(&Unit, State)> = applied.iter().rev().take(count).copied().collect();
    check_targets(&targets, &statuses, opts.allow_changed)?;
    if opts.dry_run {
        let mut out = String::from("-- polymig rollback --dry-run: the statements rollback would run, in order\n");
        if targets.is_empty() {
            out.push_str("-- nothing to roll back\n");
        }
        for (u, _) in &targets {
            out.push_str(&script::render::<B>(&script::build::<B>(u, table, &opts.db.timeouts, Direction::Down)));
        }
        report.script = Some(out);
        return Ok(report);
    }
    let units: Vec<&Unit> = targets.iter().map(|(u, _)| *u).collect();
    run_units(db, &units, table, &opts.db, Direction::Down, &mut report, on_event).await?;
    Ok(report)
}

/// Refuse changed files (unless allowed), irreversible migrations and applied rows missing
/// from the files that would sit among the targets.
fn check_targets(
    targets: &[(&Unit, State)],
    statuses: &[super::StatusEntry],
    allow_changed: bool,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    if let Some((oldest, _)) = targets.last() {
        for s in statuses.iter().filter(|s| s.state == State::Missing && s.version > oldest.version) {
            problems.push(Diagnostic::error(
                "missing-migration",
                format!(
                    "migration {} ({}) is applied but not in the files, so its down script is unknown",
                    s.version, s.name
                ),
            ));
        }
    }
    for (u, state) in targets {
        if *state == State::ChecksumMismatch && !allow_changed {
            problems.push(
                Diagnostic::error(
                    "checksum-mismatch",
                    format!(
                        "migration {} ({}) changed since it was applied; its down script may not match",
                        u.version, u.name
                    ),
                )
                .help("restore the applied version of the file or pass --allow-changed"),
            );
        }
        for d in &u.down_problems {
            let mut d = d.clone();
            d.message = format!("cannot roll back {} ({}): {}", u.version, u.name, d.message);
            d.help = Some(d.help.unwrap_or_else(|| "nothing was rolled back; write an explicit down script".into()));
            problems.push(d);
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(Error(problems)) }
}
