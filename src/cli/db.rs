//! Shared by the runner commands: durations, database options, loading, events and errors.

use std::time::Duration;

use super::args::{DbArgs, OutputFormat, SourceArgs};
use super::report::{all_diagnostics, load, print_diagnostics};
use super::{EXIT_INPUT, EXIT_USAGE};
use crate::apply::{self, DbOptions, DbUrl, Event, EventResult, Timeouts};
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, SqlDialect};

/// `5s`, `500ms`, `2m`, `1h`, or a plain number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().map_err(|_| format!("`{s}` is not a duration (try 5s, 500ms, 2m)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => return Err(format!("unknown duration unit `{other}` (use ms, s, m or h)")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("`{s}`: {e}"))
}

/// The library's database options from the command line.
pub fn db_options(a: &DbArgs) -> DbOptions {
    let table = match super::project::history_table() {
        Some(t) if a.table == crate::apply::DEFAULT_TABLE => t,
        _ => a.table.clone(),
    };
    DbOptions {
        table,
        wait: a.wait_timeout,
        timeouts: Timeouts { lock: a.lock_timeout, statement: a.statement_timeout },
        ..DbOptions::default()
    }
}

/// The database URL (`--db`, `DATABASE_URL`, default), or the exit code after printing why not.
pub fn resolve(a: &DbArgs) -> Result<DbUrl, i32> {
    if a.table.trim().is_empty() {
        eprintln!("error[usage]: --table must not be empty");
        return Err(EXIT_USAGE);
    }
    let env_set = std::env::var("DATABASE_URL").is_ok_and(|u| !u.trim().is_empty());
    let project = if a.db.is_none() && !env_set {
        super::project::database_url().map_err(|d| {
            eprintln!("{d}");
            EXIT_USAGE
        })?
    } else {
        None
    };
    DbUrl::resolve(a.db.as_deref().or(project.as_deref())).map_err(|d| {
        eprintln!("{d}");
        EXIT_USAGE
    })
}

/// Import the sources for `dialect` and print their diagnostics. Stops (with the exit code)
/// on errors that are not tied to one migration (unreadable paths) and, under `--strict`, on any.
pub fn load_history(src: &SourceArgs, dialect: SqlDialect) -> Result<Vec<Migration>, i32> {
    let (migrations, diags) = load(src, Some(dialect));
    let failed = print_diagnostics(all_diagnostics(&diags, &migrations), src.strict);
    if (src.strict && failed) || diags.iter().any(Diagnostic::is_error) {
        return Err(EXIT_INPUT);
    }
    Ok(migrations)
}

/// [`resolve`] the database, then [`load_history`] for its dialect: what every runner command does first.
pub fn open(db: &DbArgs, src: &SourceArgs) -> Result<(DbUrl, Vec<Migration>), i32> {
    let url = resolve(db)?;
    let migrations = load_history(src, url.dialect)?;
    Ok((url, migrations))
}

/// Run a future on a single-threaded runtime.
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, i32> {
    match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => Ok(rt.block_on(f)),
        Err(e) => {
            eprintln!("error[runtime]: cannot start the async runtime: {e}");
            Err(EXIT_INPUT)
        }
    }
}

/// Print a runner error (every diagnostic, on stderr) and return the exit code.
pub fn fail(e: &apply::Error) -> i32 {
    for d in &e.0 {
        eprintln!("{d}");
    }
    EXIT_INPUT
}

/// Print warnings on stderr.
pub fn warn(ds: &[Diagnostic]) {
    for d in ds {
        eprintln!("{d}");
    }
}

/// Print one event: a JSON line, or `applied  0001 create_users (12 ms)`.
pub fn print_event(e: &Event, format: OutputFormat) {
    match format {
        OutputFormat::Json => match serde_json::to_string(e) {
            Ok(line) => println!("{line}"),
            Err(err) => eprintln!("error[json]: {err}"),
        },
        OutputFormat::Text => {
            let (label, tail) = match e.result {
                EventResult::Applied => ("applied", format!(" ({} ms)", e.ms)),
                EventResult::RolledBack => ("rolled back", format!(" ({} ms)", e.ms)),
                EventResult::Skipped => ("skipped", " (already done by another polymig process)".into()),
                EventResult::Failed => ("FAILED", String::new()),
                EventResult::Recorded => ("recorded", " (the migrations it replaces ran)".into()),
            };
            println!("{label:<11} {} {}{tail}", e.version, e.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 parsecs").is_err());
    }
}
