//! `drift`: does the live database still match the migrations recorded as applied?
//!
//! The applied migrations (per the history table) are replayed in history order and the
//! result is compared with the introspected database, both normalised for its dialect.

use serde::Serialize;

use super::history::VERSION_TABLE;
use super::run::status;
use super::status::State;
use super::units::source_label;
use super::url::DbUrl;
use super::{DbOptions, Entry, Error, checksum::checksum};
use crate::diagnostics::Diagnostic;
use crate::ir::Migration;
use crate::schema::compare::{differences, normalize};
use crate::schema::introspect::introspect_url;
use crate::schema::{Schema, replay_migration};

/// The outcome of [`drift`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DriftReport {
    /// The database (redacted).
    pub database: String,
    /// How many applied migrations were replayed.
    pub applied: usize,
    /// Differences, the replayed history first and the database second (empty: no drift).
    pub differences: Vec<String>,
}

/// Compare the database with the replay of its applied migrations.
pub async fn drift(url: &DbUrl, migrations: &[Migration], db: &DbOptions) -> Result<DriftReport, Error> {
    let entries: Vec<Entry> = migrations
        .iter()
        .map(|m| Entry { version: m.id.clone(), name: m.name.clone(), source: source_label(m), checksum: checksum(m) })
        .collect();
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
    let differences = differences(&normalize(&replayed, url.dialect), &normalize(&live, url.dialect));
    Ok(DriftReport { database: url.redacted(), applied, differences })
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
