//! `apply` and `status`.

use super::backend::{Backend, ConnectOptions};
use super::history::{self, Entry};
use super::script::{self, Direction, Outcome, dirty_error};
use super::status::{State, StatusEntry, classify};
use super::units::Unit;
use super::url::DbUrl;
use super::{ApplyOptions, DbOptions, Error, Event, EventResult, RunReport, backup, with_backend};
use crate::diagnostics::Diagnostic;

pub(crate) fn connect_options(db: &DbOptions, create: bool) -> ConnectOptions {
    ConnectOptions { create, connect_timeout: db.connect_timeout, busy_timeout: db.wait }
}

/// The history state of every migration in `files` and of every history row (no lock, no writes).
pub async fn status(url: &DbUrl, files: &[Entry], db: &DbOptions) -> Result<Vec<StatusEntry>, Error> {
    with_backend!(url, &connect_options(db, false), |conn: B| {
        let records = history::read(&mut conn, &db.table).await?;
        Ok(classify(files, &records))
    })
}

/// The server's version string (`SELECT version()` or its equivalent), read without writing.
pub async fn server_version(url: &DbUrl, db: &DbOptions) -> Result<String, Error> {
    with_backend!(url, &connect_options(db, false), |conn: B| {
        let texts = conn.fetch_texts(&B::server_version()).await;
        let v = texts.map_err(|e| history::db_error("cannot read the server version", &e))?;
        Ok(v.into_iter().next().unwrap_or_default())
    })
}

/// Apply pending migrations in order (or print them with `dry_run`), calling `on_event` after each.
pub async fn apply(
    url: &DbUrl,
    units: &[Unit],
    opts: &ApplyOptions,
    on_event: &mut dyn FnMut(&Event),
) -> Result<RunReport, Error> {
    if let Some(to) = &opts.to
        && !units.iter().any(|u| &u.version == to)
    {
        return Err(Diagnostic::error("unknown-version", format!("--to {to}: no migration has this version")).into());
    }
    if opts.dry_run && url.sqlite_path().is_some_and(|p| !p.exists()) {
        return dry_run_fresh(url, units, opts);
    }
    with_backend!(url, &connect_options(&opts.db, !opts.dry_run), |conn: B| {
        let table = &opts.db.table;
        if opts.dry_run {
            apply_locked::<B>(&mut conn, url, units, opts, on_event).await
        } else {
            conn.lock(table, opts.db.wait).await?;
            let r = apply_locked::<B>(&mut conn, url, units, opts, on_event).await;
            conn.unlock(table).await;
            r
        }
    })
}

/// `--dry-run` against a SQLite file that does not exist yet: everything is pending.
fn dry_run_fresh(url: &DbUrl, units: &[Unit], opts: &ApplyOptions) -> Result<RunReport, Error> {
    use super::backend::SqliteBackend;
    let pending = select_in(units, &classify(&entries(units), &[]), opts.to.as_deref(), State::Pending);
    let mut warnings = Vec::new();
    check_problems(&pending)?;
    warnings.extend(pending.iter().flat_map(|u| u.up_warnings.iter().cloned()));
    warnings.push(Diagnostic::new(
        crate::diagnostics::Severity::Info,
        "db-missing",
        format!("{} does not exist yet; it would be created", url.redacted()),
    ));
    Ok(RunReport { script: Some(dry_script::<SqliteBackend>(&pending, opts, false)), warnings, ..RunReport::default() })
}

fn entries(units: &[Unit]) -> Vec<Entry> {
    units.iter().map(Unit::entry).collect()
}

async fn apply_locked<B: Backend>(
    db: &mut B,
    url: &DbUrl,
    units: &[Unit],
    opts: &ApplyOptions,
    on_event: &mut dyn FnMut(&Event),
) -> Result<RunReport, Error> {
    let table = &opts.db.table;
    let table_exists = if opts.dry_run {
        history::exists(db, table).await?
    } else {
        history::ensure(db, table).await?;
        true
    };
    let records = if table_exists { history::read(db, table).await? } else { Vec::new() };
    let statuses = classify(&entries(units), &records);
    let mut report =
        RunReport { warnings: check_history(&statuses, &records, opts.allow_changed, table)?, ..RunReport::default() };
    let pending = select_in(units, &statuses, opts.to.as_deref(), State::Pending);
    let covered = select_in(units, &statuses, opts.to.as_deref(), State::Covered);
    check_problems(&pending)?;
    report.warnings.extend(pending.iter().flat_map(|u| u.up_warnings.iter().cloned()));
    if opts.dry_run {
        let mut script = dry_script::<B>(&pending, opts, table_exists);
        for (unit, q) in covered.iter().map(|u| (u, record_covered::<B>(u, &records, table))) {
            script.push_str(&format!(
                "-- record {} as applied: it replaces {}\n",
                unit.version,
                unit.replaces.join(", ")
            ));
            script.push_str(&format!("{};\n", q.literal(B::DIALECT)));
        }
        report.script = Some(script);
        return Ok(report);
    }
    for unit in &covered {
        let q = record_covered::<B>(unit, &records, table);
        db.execute(&q, 0).await.map_err(|e| history::db_error(&format!("cannot write {table}"), &e))?;
        let e = Event { version: unit.version.clone(), name: unit.name.clone(), ms: 0, result: EventResult::Recorded };
        on_event(&e);
        report.events.push(e);
    }
    if let Some(dir) = &opts.backup
        && !pending.is_empty()
    {
        report.backup = Some(backup::backup::<B>(db, url, dir).await?);
    }
    run_units(db, &pending, table, &opts.db, Direction::Up, &mut report, on_event).await?;
    Ok(report)
}

/// Run each unit's script in `direction`, one event per unit (`Applied` or `RolledBack` when
/// done); stops at the first failure, after reporting it.
pub(crate) async fn run_units<B: Backend>(
    db: &mut B,
    units: &[&Unit],
    table: &str,
    opts: &DbOptions,
    direction: Direction,
    report: &mut RunReport,
    on_event: &mut dyn FnMut(&Event),
) -> Result<(), Error> {
    let done = if direction == Direction::Up { EventResult::Applied } else { EventResult::RolledBack };
    for unit in units {
        let s = script::build::<B>(unit, table, &opts.timeouts, direction);
        let event = |ms, result| Event { version: unit.version.clone(), name: unit.name.clone(), ms, result };
        let e = match script::execute(db, &s, table).await {
            Ok(Outcome::Done(ms)) => event(ms, done),
            Ok(Outcome::Skipped) => event(0, EventResult::Skipped),
            Err(d) => {
                on_event(&event(0, EventResult::Failed));
                return Err(d.into());
            }
        };
        on_event(&e);
        report.events.push(e);
    }
    Ok(())
}

/// Stop on dirty rows and (unless allowed) changed migrations; warn about the rest.
pub(crate) fn check_history(
    statuses: &[StatusEntry],
    records: &[history::Record],
    allow_changed: bool,
    table: &str,
) -> Result<Vec<Diagnostic>, Error> {
    if let Some(r) = records.iter().find(|r| r.is_dirty()) {
        return Err(dirty_error(r, table).into());
    }
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for s in statuses {
        match s.state {
            State::ChecksumMismatch => {
                let d = Diagnostic::new(
                    if allow_changed { crate::diagnostics::Severity::Warning } else { crate::diagnostics::Severity::Error },
                    "checksum-mismatch",
                    format!(
                        "migration {} ({}) changed since it was applied (recorded {}, now {})",
                        s.version,
                        s.name,
                        s.recorded_checksum.as_deref().unwrap_or("?"),
                        s.checksum.as_deref().unwrap_or("?")
                    ),
                )
                .help("restore the applied version of the file, pass --allow-changed, or record the new checksum with `polymig repair --yes PATH...`");
                if allow_changed { warnings.push(d) } else { errors.push(d) }
            }
            State::Missing => warnings.push(Diagnostic::warning(
                "missing-migration",
                format!("migration {} ({}) is recorded as applied but is not in the files", s.version, s.name),
            )),
            _ => {}
        }
    }
    if errors.is_empty() { Ok(warnings) } else { Err(Error(errors)) }
}

/// Migrations in `state` in history order, up to `to` (inclusive).
fn select_in<'a>(units: &'a [Unit], statuses: &[StatusEntry], to: Option<&str>, state: State) -> Vec<&'a Unit> {
    let limit = to.and_then(|v| units.iter().position(|u| u.version == v)).unwrap_or(usize::MAX);
    units
        .iter()
        .enumerate()
        .filter(|(i, u)| *i <= limit && statuses.iter().any(|s| s.version == u.version && s.state == state))
        .map(|(_, u)| u)
        .collect()
}

/// The history row of a covered migration: a new row, or the row of the squashed migration
/// that had its version, re-recorded with the baseline's name, source and checksum.
fn record_covered<B: Backend>(unit: &Unit, records: &[history::Record], table: &str) -> super::bound::BoundSql {
    if records.iter().any(|r| r.version == unit.version) {
        history::realign::<B>(table, &unit.entry())
    } else {
        history::insert::<B>(table, &unit.entry(), true)
    }
}

/// Refuse to start when any pending migration cannot be applied.
fn check_problems(pending: &[&Unit]) -> Result<(), Error> {
    let problems: Vec<Diagnostic> = pending.iter().flat_map(|u| u.up_problems.iter().cloned()).collect();
    if problems.is_empty() { Ok(()) } else { Err(Error(problems)) }
}

/// The SQL `apply` would run, bookkeeping included (history table creation when it does not exist yet).
fn dry_script<B: Backend>(pending: &[&Unit], opts: &ApplyOptions, table_exists: bool) -> String {
    let table = &opts.db.table;
    let mut out = String::from(
        "-- polymig apply --dry-run: the statements apply would run, in order (execution_time_ms is measured at run time)\n",
    );
    if !table_exists {
        out.push_str("-- create the history table\n");
        for sql in history::create_statements::<B>(table) {
            out.push_str(&format!("{sql};\n"));
        }
        out.push_str(&format!("{};\n", history::register_schema_version::<B>(table).literal(B::DIALECT)));
    }
    if pending.is_empty() {
        out.push_str("-- nothing to apply\n");
    }
    for unit in pending {
        out.push_str(&script::render::<B>(&script::build::<B>(unit, table, &opts.db.timeouts, Direction::Up)));
    }
    out
}
