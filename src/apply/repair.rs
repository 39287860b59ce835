//! `repair`: clear failed or interrupted history rows, and optionally record the current
//! checksums of changed files.

use serde::Serialize;

use super::backend::Backend;
use super::history::{self, Entry, Record, db_error};
use super::run::connect_options;
use super::status::{State, classify};
use super::url::DbUrl;
use super::{DbOptions, Error, with_backend};

/// What `repair` changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RepairReport {
    /// Dirty rows deleted (their migrations are pending again).
    pub cleared: Vec<Record>,
    /// Versions whose recorded checksum, name and source were updated to the files'.
    pub realigned: Vec<String>,
}

/// Delete every dirty row; with `files`, also re-record the checksum of applied migrations that changed.
pub async fn repair(url: &DbUrl, files: Option<&[Entry]>, db: &DbOptions) -> Result<RepairReport, Error> {
    with_backend!(url, &connect_options(db, false), |conn: B| {
        conn.lock(&db.table, db.wait).await?;
        let r = repair_locked::<B>(&mut conn, files, &db.table).await;
        conn.unlock(&db.table).await;
        r
    })
}

async fn repair_locked<B: Backend>(db: &mut B, files: Option<&[Entry]>, table: &str) -> Result<RepairReport, Error> {
    let records = history::read(db, table).await?;
    let mut report = RepairReport::default();
    let fail = |e: sqlx::Error| db_error(&format!("cannot update {table}"), &e);
    for r in records.iter().filter(|r| r.is_dirty()) {
        db.execute(&history::delete::<B>(table, &r.version), 0).await.map_err(fail)?;
        report.cleared.push(r.clone());
    }
    if let Some(files) = files {
        for s in classify(files, &records).iter().filter(|s| s.state == State::ChecksumMismatch) {
            if let Some(e) = files.iter().find(|f| f.version == s.version) {
                db.execute(&history::realign::<B>(table, e), 0).await.map_err(fail)?;
                report.realigned.push(e.version.clone());
            }
        }
    }
    Ok(report)
}
