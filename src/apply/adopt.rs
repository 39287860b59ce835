//! `adopt`: take over a database migrated by another tool, recording its applied migrations
//! in polymig's history without running them.
//!
//! | tool | table | applied versions |
//! |---|---|---|
//! | dbmate, Rails | `schema_migrations(version)` | one row per migration |
//! | golang-migrate | `schema_migrations(version, dirty)` | every version up to the one recorded |
//! | sqlx | `_sqlx_migrations(version, success)` | rows with `success` |
//! | Flyway | `flyway_schema_history(version, success)` | rows with `success` |
//! | Prisma | `_prisma_migrations(migration_name, finished_at, rolled_back_at)` | finished, not rolled back |
//!
//! Versions match numerically when both are numbers (`1` adopts `0001_init.sql`).

use serde::Serialize;

use super::backend::Backend;
use super::bound::BoundSql;
use super::history::{self, db_error};
use super::run::connect_options;
use super::status::{State, classify};
use super::units::Unit;
use super::url::DbUrl;
use super::{DbOptions, Error, with_backend};
use crate::diagnostics::Diagnostic;

/// The tables `adopt` knows, in detection order.
pub const KNOWN_TABLES: [&str; 4] =
    ["schema_migrations", "_sqlx_migrations", "flyway_schema_history", "_prisma_migrations"];

/// What `adopt` recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AdoptReport {
    /// The table read.
    pub from_table: String,
    /// Versions now recorded as applied in polymig's history.
    pub adopted: Vec<String>,
    /// Versions the other tool applied that are not in the files.
    pub unknown: Vec<String>,
}

/// Record the migrations another tool applied (read from `from_table`, or the one known table
/// that exists) as applied in polymig's history, with the checksums of the current files.
pub async fn adopt(
    url: &DbUrl,
    units: &[Unit],
    from_table: Option<&str>,
    db: &DbOptions,
) -> Result<AdoptReport, Error> {
    with_backend!(url, &connect_options(db, false), |conn: B| {
        conn.lock(&db.table, db.wait).await?;
        let r = adopt_locked::<B>(&mut conn, units, from_table, &db.table).await;
        conn.unlock(&db.table).await;
        r
    })
}

async fn count<B: Backend>(db: &mut B, q: &BoundSql) -> Result<i64, Diagnostic> {
    db.fetch_int(q).await.map(|n| n.unwrap_or(0)).map_err(|e| db_error("cannot read the catalog", &e))
}

async fn adopt_locked<B: Backend>(
    db: &mut B,
    units: &[Unit],
    from_table: Option<&str>,
    table: &str,
) -> Result<AdoptReport, Error> {
    let source = match from_table {
        Some(t) if count(db, &B::table_exists(t)).await? > 0 => t.to_string(),
        Some(t) => return Err(Diagnostic::error("adopt-no-table", format!("table {t} does not exist")).into()),
        None => {
            let mut found = Vec::new();
            for t in KNOWN_TABLES {
                if count(db, &B::table_exists(t)).await? > 0 {
                    found.push(t);
                }
            }
            match found.as_slice() {
                [one] => one.to_string(),
                [] => {
                    return Err(Diagnostic::error(
                        "adopt-no-table",
                        format!("no migration table of another tool found (looked for {})", KNOWN_TABLES.join(", ")),
                    )
                    .into());
                }
                many => {
                    return Err(Diagnostic::error(
                        "adopt-ambiguous",
                        format!("several migration tables found ({}); choose one with --from-table", many.join(", ")),
                    )
                    .into());
                }
            }
        }
    };
    let applied = applied_versions::<B>(db, &source).await?;
    history::ensure(db, table).await?;
    let records = history::read(db, table).await?;
    let statuses = classify(&units.iter().map(Unit::entry).collect::<Vec<_>>(), &records);
    let mut report = AdoptReport { from_table: source.clone(), ..AdoptReport::default() };
    let matches = |u: &Unit, v: &str| same_version(&u.version, v) || format!("{}_{}", u.version, u.name) == v;
    for unit in units {
        let adopted = match &applied {
            Applied::Each(vs) => vs.iter().any(|v| matches(unit, v)),
            Applied::UpTo(v) => version_le(&unit.version, v),
        };
        let pending = statuses.iter().any(|s| s.version == unit.version && s.state == State::Pending);
        if adopted && pending {
            let q = history::insert::<B>(table, &unit.entry(), true);
            db.execute(&q, 0).await.map_err(|e| db_error(&format!("cannot write {table}"), &e))?;
            report.adopted.push(unit.version.clone());
        }
    }
    if let Applied::Each(vs) = &applied {
        report.unknown = vs.iter().filter(|v| !units.iter().any(|u| matches(u, v))).cloned().collect();
    }
    Ok(report)
}

/// The versions another tool recorded.
enum Applied {
    /// These versions.
    Each(Vec<String>),
    /// Every version up to this one (golang-migrate keeps only the latest).
    UpTo(String),
}

async fn applied_versions<B: Backend>(db: &mut B, source: &str) -> Result<Applied, Error> {
    let t = B::quote(source);
    let version = B::text_cast(&B::quote("version"));
    let has = |c: &str| B::column_exists(source, c);
    let read = |e: sqlx::Error| db_error(&format!("cannot read {source}"), &e);
    let query = if source == "_prisma_migrations" {
        let name = B::text_cast(&B::quote("migration_name"));
        format!("SELECT {name} FROM {t} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
    } else if count(db, &has("success")).await? > 0 {
        format!("SELECT {version} FROM {t} WHERE {} AND {} IS NOT NULL", B::quote("success"), B::quote("version"))
    } else if count(db, &has("dirty")).await? > 0 {
        // golang-migrate: one row with the latest version and a dirty flag.
        let dirty = BoundSql::new(format!("SELECT COUNT(*) FROM {t} WHERE {}", B::quote("dirty")));
        if count(db, &dirty).await? > 0 {
            return Err(Diagnostic::error(
                "adopt-dirty",
                format!("{source} is marked dirty: the other tool's last migration did not finish"),
            )
            .help("fix the database with that tool first")
            .into());
        }
        let versions = db.fetch_texts(&BoundSql::new(format!("SELECT {version} FROM {t}"))).await.map_err(read)?;
        let latest = versions.into_iter().max_by(|a, b| cmp_versions(a, b));
        return Ok(latest.map_or(Applied::Each(Vec::new()), Applied::UpTo));
    } else {
        format!("SELECT {version} FROM {t}")
    };
    Ok(Applied::Each(db.fetch_texts(&BoundSql::new(query)).await.map_err(read)?))
}

fn numeric(v: &str) -> Option<&str> {
    (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| {
        let t = v.trim_start_matches('0');
        if t.is_empty() { "0" } else { t }
    })
}

fn cmp_versions(a: &str, b: &str) -> std::cmp::Ordering {
    match (numeric(a), numeric(b)) {
        (Some(x), Some(y)) => x.len().cmp(&y.len()).then_with(|| x.cmp(y)),
        _ => a.cmp(b),
    }
}

fn same_version(a: &str, b: &str) -> bool {
    cmp_versions(a, b).is_eq()
}

fn version_le(a: &str, b: &str) -> bool {
    cmp_versions(a, b).is_le()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        assert!(same_version("0001", "1"));
        assert!(version_le("0002", "10"));
        assert!(!version_le("20240102", "20240101"));
        assert!(same_version("V1", "V1") && !same_version("a", "b"));
    }
}
