//! `drift`: does the live database still match the migrations recorded as applied?
//!
//! The applied migrations (per the history table) are replayed in history order and the
//! result is compared with the introspected database, both normalised for its dialect. The
//! difference is also given as the IR operations that bring the database back in line with the
//! migrations (`schema::diff(live, replayed)`) and as those operations' SQL for its dialect.

use serde::Serialize;

use super::history::VERSION_TABLE;
use super::run::status;
use super::status::State;
use super::url::DbUrl;
use super::{DbOptions, Entry, Error};
use crate::diagnostics::Diagnostic;
use crate::export::sql::{ExportOptions, render_migration};
use crate::ir::{Migration, Op, Operation, Span, SqlDialect};
use crate::schema::compare::{differences, normalize};
use crate::schema::introspect::introspect_url;
use crate::schema::{DiffOptions, Schema, diff, replay_migration};

/// The outcome of [`drift`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DriftReport {
    /// The database (redacted).
    pub database: String,
    /// The database's dialect.
    pub dialect: Option<SqlDialect>,
    /// How many applied migrations were replayed.
    pub applied: usize,
    /// Differences, the replayed history first and the database second (empty: no drift).
    pub differences: Vec<String>,
    /// The IR operations that turn the database back into the replayed state.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<Op>,
    /// Those operations as SQL for the database's dialect, one statement per entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sql: Vec<String>,
    /// What the operations cannot say (`probable-rename`, `column-recreated`, an export limit).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

/// Compare the database with the replay of its applied migrations.
pub async fn drift(url: &DbUrl, migrations: &[Migration], db: &DbOptions) -> Result<DriftReport, Error> {
    let entries: Vec<Entry> = migrations.iter().map(Entry::of).collect();
    let statuses = status(url, &entries, db).await?;
    if let Some(s) = statuses.iter().find(|s| matches!(s.state, State::Dirty | State::Failed)) {
        return Err(Diagnostic::error(
            "history-dirty",
            format!("migration {} ({}) is {}: the database state is unknown", s.version, s.name, s.state.as_str()),
        )
        .help("finish or undo it by hand, then run `polymig repair --yes`")
        .into());
    }
    let mut replayed = Schema::default();
    let mut applied = 0;
    for m in migrations {
        let state = statuses.iter().find(|s| s.version == m.id).map(|s| s.state);
        if matches!(state, Some(State::Applied | State::ChecksumMismatch)) {
            let errors: Vec<Diagnostic> = replay_migration(&mut replayed, m, Some(url.dialect))
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            if !errors.is_empty() {
                return Err(Error(errors));
            }
            applied += 1;
        }
    }
    let live = live_schema(url, &db.table).await?;
    let (want, have) = (normalize(&replayed, url.dialect), normalize(&live, url.dialect));
    let differences = differences(&want, &have);
    let mut report = DriftReport {
        database: url.redacted(),
        dialect: Some(url.dialect),
        applied,
        differences,
        ..DriftReport::default()
    };
    if !report.differences.is_empty() {
        repair_plan(&mut report, &have, &want, &replayed, url);
    }
    Ok(report)
}

/// Fill `operations`, `sql` and `diagnostics`: the diff from the (normalised) live schema to the
/// (normalised) replayed one, rendered for the database starting from the live state.
fn repair_plan(report: &mut DriftReport, have: &Schema, want: &Schema, replayed: &Schema, url: &DbUrl) {
    let opts = DiffOptions { span: Some(Span::file("<drift>")), ..DiffOptions::for_dialect(url.dialect) };
    let d = diff(have, want, &opts);
    let mut operations = d.operations;
    // Normalisation blanks the view queries PostgreSQL and MariaDB deparse: take the migrations' text.
    for op in &mut operations {
        if let Operation::CreateView(v) = &mut op.kind
            && let Some(original) = replayed.views.get(&v.name.key())
        {
            v.query = original.query.clone();
        }
    }
    let mut m = Migration::new("drift", "drift");
    m.up = operations.clone();
    let export = ExportOptions { dialect: url.dialect, with_down: false, allow_lossy: true };
    let rendered = render_migration(&m, &mut have.clone(), &export);
    report.sql = rendered.up.into_iter().map(|s| s.sql).collect();
    report.operations = operations;
    report.diagnostics = d.diagnostics.into_iter().chain(rendered.diagnostics).collect();
}

/// The live database's schema without the runner's own tables: introspection leaves out the
/// default `polymig_migrations`; this also leaves out the history `table` configured instead.
pub(crate) async fn live_schema(url: &DbUrl, table: &str) -> Result<Schema, Error> {
    let mut live = introspect_url(url.expose())
        .await
        .map_err(|e| Diagnostic::error("introspect-failed", url.scrub(&e.to_string())))?;
    live.tables.retain(|k, _| k != table && k != VERSION_TABLE);
    Ok(live)
}
