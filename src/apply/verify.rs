//! `verify`: every migration up, down and up again on a scratch database, comparing the
//! live schema (introspected) with the replayed history after each step.
//!
//! The scratch database is a temporary SQLite file, or a throw-away database created (and
//! dropped afterwards) on the server of a given URL.

use serde::Serialize;

use super::backend::{Backend, ConnectOptions, MysqlBackend, PostgresBackend};
use super::drift::live_schema;
use super::history::db_error;
use super::units::{Unit, build_units};
use super::url::DbUrl;
use super::{ApplyOptions, DbOptions, Error, RollbackOptions, apply, rollback};
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, Op, SqlDialect};
use crate::schema::compare::{differences, normalize};
use crate::schema::{Schema, replay_migration};

/// What was checked for one migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// Version.
    pub version: String,
    /// Name.
    pub name: String,
    /// Steps checked: `up`, `down`, `up again`.
    pub steps: Vec<&'static str>,
    /// Why down was not checked (an irreversible migration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The first place where the database and the replayed history disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    /// Migration version.
    pub version: String,
    /// Migration name.
    pub name: String,
    /// The step after which they disagree: `up`, `down`, `up again`.
    pub step: &'static str,
    /// The differences, the replayed history first and the database second.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<String>,
    /// The error that stopped the step, instead of differences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The operation the first difference points at, with its source location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<Diagnostic>,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct VerifyReport {
    /// The scratch database (redacted).
    pub database: String,
    /// Migrations checked, in order.
    pub checked: Vec<Checked>,
    /// The first divergence, if any (checking stops there).
    pub divergence: Option<Divergence>,
}

/// Verify a history on a scratch database: a temporary SQLite file when `server` is `None`
/// (or a SQLite URL), else a throw-away database on that server.
pub async fn verify(migrations: &[Migration], server: Option<&DbUrl>) -> Result<VerifyReport, Error> {
    let opts = DbOptions::default();
    match server.filter(|u| u.dialect != SqlDialect::Sqlite) {
        None => {
            let dir = std::env::temp_dir().join(scratch_name());
            std::fs::create_dir_all(&dir).map_err(|e| {
                Diagnostic::error("io", format!("cannot create the temporary directory {}: {e}", dir.display()))
            })?;
            let url = DbUrl::parse(&format!("sqlite://{}", dir.join("verify.db").display()))?;
            let result = run_steps(migrations, &url, &opts).await;
            let _ = std::fs::remove_dir_all(&dir);
            result
        }
        Some(admin) => {
            let name = scratch_name();
            let scratch = admin.with_database(&name);
            match admin.dialect {
                SqlDialect::Postgres => on_server::<PostgresBackend>(admin, &name, migrations, &scratch, &opts).await,
                _ => on_server::<MysqlBackend>(admin, &name, migrations, &scratch, &opts).await,
            }
        }
    }
}

fn scratch_name() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    format!("polymig_verify_{}_{nanos:x}", std::process::id())
}

/// Create the scratch database, verify, and drop it whatever happened.
async fn on_server<B: Backend>(
    admin: &DbUrl,
    name: &str,
    migrations: &[Migration],
    scratch: &DbUrl,
    opts: &DbOptions,
) -> Result<VerifyReport, Error> {
    let copts = ConnectOptions { create: false, connect_timeout: opts.connect_timeout, busy_timeout: opts.wait };
    let mut conn = B::connect(admin, &copts).await?;
    if let Err(e) = conn.execute_raw(&B::create_database(name)).await {
        conn.close().await;
        return Err(db_error(&format!("cannot create the scratch database {name}"), &e).into());
    }
    let result = run_steps(migrations, scratch, opts).await;
    let dropped = conn.execute_raw(&B::drop_database(name)).await;
    conn.close().await;
    if let Err(e) = dropped {
        let d = db_error(&format!("could not drop the scratch database {name}; drop it by hand"), &e);
        return match result {
            Ok(_) => Err(d.into()),
            Err(mut err) => {
                err.0.push(d);
                Err(err)
            }
        };
    }
    result
}

async fn run_steps(migrations: &[Migration], url: &DbUrl, opts: &DbOptions) -> Result<VerifyReport, Error> {
    let dialect = url.dialect;
    let units = build_units(migrations, dialect, true);
    let problems: Vec<Diagnostic> = units.iter().flat_map(|u| u.up_problems.iter().cloned()).collect();
    if !problems.is_empty() {
        return Err(Error(problems));
    }
    let mut report = VerifyReport { database: url.redacted(), ..VerifyReport::default() };
    let mut before = Schema::default();
    for (m, unit) in migrations.iter().zip(&units) {
        let mut after = before.clone();
        let replay_errors: Vec<Diagnostic> =
            replay_migration(&mut after, m, Some(dialect)).into_iter().filter(Diagnostic::is_error).collect();
        if !replay_errors.is_empty() {
            return Err(Error(replay_errors));
        }
        let mut checked = Checked { version: m.id.clone(), name: m.name.clone(), steps: Vec::new(), note: None };
        let mut steps: Vec<(&'static str, &Schema)> = vec![("up", &after)];
        if unit.down.is_some() {
            steps.extend([("down", &before), ("up again", &after)]);
        } else {
            checked.note = unit.down_problems.first().map(|d| format!("down not checked: {}", d.message));
        }
        for (step, expected) in steps {
            let (differences, error, operation) = match run_step(url, &units, unit, step, opts).await {
                Ok(()) => {
                    let diffs = compare(url, expected, dialect, &opts.table).await?;
                    let operation = diffs.first().and_then(|d| locate(m, step, d));
                    (diffs, None, operation)
                }
                Err(e) => (Vec::new(), Some(e.to_string()), None),
            };
            if !differences.is_empty() || error.is_some() {
                let (version, name) = (m.id.clone(), m.name.clone());
                report.divergence = Some(Divergence { version, name, step, differences, error, operation });
                report.checked.push(checked);
                return Ok(report);
            }
            checked.steps.push(step);
        }
        if unit.down.is_none() && m.down.is_some() {
            // An explicit down script that cannot even be rendered is broken, not irreversible.
            checked.note = None;
            let error = Some(Error(unit.down_problems.clone()).to_string());
            let (version, name, operation) = (m.id.clone(), m.name.clone(), unit.down_problems.first().cloned());
            report.divergence =
                Some(Divergence { version, name, step: "down", differences: Vec::new(), error, operation });
            report.checked.push(checked);
            return Ok(report);
        }
        report.checked.push(checked);
        before = after;
    }
    Ok(report)
}

/// Apply up to `unit` or roll it back, through the runner itself.
async fn run_step(url: &DbUrl, units: &[Unit], unit: &Unit, step: &str, db: &DbOptions) -> Result<(), Error> {
    if step == "down" {
        let opts = RollbackOptions { db: db.clone(), steps: Some(1), ..RollbackOptions::default() };
        rollback(url, units, &opts, &mut |_| {}).await.map(|_| ())
    } else {
        let opts = ApplyOptions { db: db.clone(), to: Some(unit.version.clone()), ..ApplyOptions::default() };
        apply(url, units, &opts, &mut |_| {}).await.map(|_| ())
    }
}

/// Differences between the replayed schema and the live one (bookkeeping tables left out).
async fn compare(url: &DbUrl, expected: &Schema, dialect: SqlDialect, table: &str) -> Result<Vec<String>, Error> {
    let live = live_schema(url, table).await?;
    Ok(differences(&normalize(expected, dialect), &normalize(&live, dialect)))
}

/// The first operation of the migration that mentions the object a difference is about.
fn locate(m: &Migration, step: &str, difference: &str) -> Option<Diagnostic> {
    let object = difference.split(':').next()?.split_once(' ')?.1.trim();
    let name = object.rsplit('.').next().unwrap_or(object);
    let ops: &[Op] = if step == "down" { m.down.as_deref().unwrap_or(&m.up) } else { &m.up };
    let found = ops.iter().enumerate().find(|(_, op)| mentions(op, name, false));
    let (i, op) = found.or_else(|| ops.iter().enumerate().find(|(_, op)| mentions(op, name, true)))?;
    Some(
        Diagnostic::error(
            "verify-divergence",
            format!("operation {} ({}) of migration {} is where `{object}` is changed", i + 1, op.kind.name(), m.id),
        )
        .at(op.span.clone()),
    )
}

/// True when a string of the operation is `name` (or, `in_text`, contains it as a word: raw SQL).
fn mentions(op: &Op, name: &str, in_text: bool) -> bool {
    fn word_in(text: &str, name: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        let name = name.to_ascii_lowercase();
        lower.match_indices(&name).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + name.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && !word(after)
        })
    }
    fn walk(v: &serde_json::Value, name: &str, in_text: bool) -> bool {
        match v {
            serde_json::Value::String(s) => s == name || (in_text && word_in(s, name)),
            serde_json::Value::Array(xs) => xs.iter().any(|x| walk(x, name, in_text)),
            serde_json::Value::Object(m) => m.iter().any(|(k, x)| k != "span" && walk(x, name, in_text)),
            _ => false,
        }
    }
    serde_json::to_value(&op.kind).is_ok_and(|v| walk(&v, name, in_text))
}
