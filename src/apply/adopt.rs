//! `adopt`: take over a database migrated by another tool, recording its applied migrations
//! in polymig's history without running them.
//!
//! The other tool's ledger is read by [`super::ledger`] (dbmate, Rails, golang-migrate, sqlx,
//! Flyway, Prisma, Alembic). Before anything is recorded, the migrations it applied are replayed
//! and compared with the live schema; a mismatch is reported and nothing is recorded unless
//! forced.

use serde::Serialize;

use super::backend::Backend;
use super::drift::live_schema;
use super::history::{self, db_error};
use super::ledger::{self, applied_versions, find_table};
use super::run::connect_options;
use super::status::{State, classify};
use super::units::Unit;
use super::url::DbUrl;
use super::{DbOptions, Error, with_backend};
use crate::diagnostics::Diagnostic;
use crate::ir::{Migration, SqlDialect};
use crate::schema::compare::{differences, normalize};
use crate::schema::{Schema, replay_migration};

pub use super::ledger::KNOWN_TABLES;

/// Options of [`adopt`].
#[derive(Debug, Clone, Default)]
pub struct AdoptOptions {
    /// Database settings.
    pub db: DbOptions,
    /// The other tool's table (`None`: the one of [`KNOWN_TABLES`] that exists).
    pub from_table: Option<String>,
    /// Record even when the live schema differs from the replayed migrations.
    pub force: bool,
}

/// What `adopt` recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AdoptReport {
    /// The table read.
    pub from_table: String,
    /// Versions now recorded as applied in polymig's history.
    pub adopted: Vec<String>,
    /// Versions the other tool applied that are not in the files.
    pub unknown: Vec<String>,
    /// Differences between the replayed migrations and the live schema (recorded anyway: forced).
    pub differences: Vec<String>,
}

/// Record the migrations another tool applied as applied in polymig's history, with the
/// checksums of the current files. `units` are `migrations` built for the URL's dialect.
pub async fn adopt(
    url: &DbUrl,
    migrations: &[Migration],
    units: &[Unit],
    opts: &AdoptOptions,
) -> Result<AdoptReport, Error> {
    let db = &opts.db;
    with_backend!(url, &connect_options(db, false), |conn: B| {
        conn.lock(&db.table, db.wait).await?;
        let r = adopt_locked::<B>(&mut conn, url, migrations, units, opts).await;
        conn.unlock(&db.table).await;
        r
    })
}

async fn adopt_locked<B: Backend>(
    db: &mut B,
    url: &DbUrl,
    migrations: &[Migration],
    units: &[Unit],
    opts: &AdoptOptions,
) -> Result<AdoptReport, Error> {
    let table = &opts.db.table;
    let source = find_table(db, opts.from_table.as_deref()).await?;
    let (marked, unknown) = applied_versions::<B>(db, &source).await?.resolve(migrations, units);
    history::ensure(db, table).await?;
    let records = history::read(db, table).await?;
    let statuses = classify(&units.iter().map(Unit::entry).collect::<Vec<_>>(), &records);
    let state = |u: &Unit| statuses.iter().find(|s| s.version == u.version).map(|s| s.state);
    let applied: Vec<bool> = units
        .iter()
        .zip(&marked)
        .map(|(u, m)| *m || matches!(state(u), Some(State::Applied | State::ChecksumMismatch)))
        .collect();
    let expected = replay_applied(migrations, &applied, url.dialect)?;
    let mut live = live_schema(url, table).await?;
    // The other tool's ledger and companion tables are no part of the schema, unless the
    // migrations themselves create a table of that name (a user table called `migrations`).
    live.tables.retain(|k, _| {
        !k.eq_ignore_ascii_case(&source) && (!ledger::is_bookkeeping(k) || expected.tables.contains_key(k))
    });
    let diffs = differences(&normalize(&expected, url.dialect), &normalize(&live, url.dialect));
    if !diffs.is_empty() && !opts.force {
        let mut errors: Vec<Diagnostic> = diffs
            .iter()
            .map(|d| Diagnostic::error("adopt-schema-mismatch", format!("replayed migrations vs database: {d}")))
            .collect();
        errors.push(
            Diagnostic::error(
                "adopt-schema-mismatch",
                format!("the database does not match the migrations {source} records; nothing was recorded"),
            )
            .help("fix the database (see `polymig drift`), or record anyway with --force"),
        );
        return Err(Error(errors));
    }
    let mut report = AdoptReport { from_table: source, unknown, differences: diffs, ..AdoptReport::default() };
    for (unit, m) in units.iter().zip(&marked) {
        if *m && state(unit) == Some(State::Pending) {
            let q = history::insert::<B>(table, &unit.entry(), true);
            db.execute(&q, 0).await.map_err(|e| db_error(&format!("cannot write {table}"), &e))?;
            report.adopted.push(unit.version.clone());
        }
    }
    Ok(report)
}

/// The schema the `applied` migrations build, replayed in history order.
fn replay_applied(migrations: &[Migration], applied: &[bool], dialect: SqlDialect) -> Result<Schema, Error> {
    let mut schema = Schema::default();
    for (m, _) in migrations.iter().zip(applied).filter(|(_, a)| **a) {
        let errors: Vec<Diagnostic> =
            replay_migration(&mut schema, m, Some(dialect)).into_iter().filter(Diagnostic::is_error).collect();
        if !errors.is_empty() {
            return Err(Error(errors));
        }
    }
    Ok(schema)
}
