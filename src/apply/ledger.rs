//! Reading the ledger another migration tool keeps: which of its migrations it applied.
//!
//! | tool | table | applied versions |
//! |---|---|---|
//! | dbmate, Rails | `schema_migrations(version)` | one row per migration |
//! | golang-migrate | `schema_migrations(version, dirty)` | every version up to the one recorded |
//! | sqlx | `_sqlx_migrations(version, success)` | rows with `success` |
//! | Flyway | `flyway_schema_history(version, success)` | rows with `success` |
//! | Prisma | `_prisma_migrations(migration_name, finished_at, rolled_back_at)` | finished, not rolled back |
//! | Alembic | `alembic_version(version_num)` | the heads and every ancestor in the revision graph |
//! | TypeORM | `migrations(id, timestamp, name)` | one row per migration class (its timestamp) |
//! | Django | `django_migrations(app, name)` | one row per migration, matched as `<app>.<name>` |
//!
//! Versions match numerically when both are numbers (`1` adopts `0001_init.sql`).

use std::collections::{BTreeSet, HashMap};

use super::backend::Backend;
use super::bound::BoundSql;
use super::history::db_error;
use super::{Error, Unit};
use crate::diagnostics::Diagnostic;
use crate::ir::Migration;

/// The tables `adopt` knows, in detection order.
pub const KNOWN_TABLES: [&str; 7] = [
    "schema_migrations",
    "_sqlx_migrations",
    "flyway_schema_history",
    "_prisma_migrations",
    "alembic_version",
    "migrations",
    "django_migrations",
];

/// Tables the other tools keep beside their ledger (`ar_internal_metadata` holds the Rails
/// environment, `typeorm_metadata` TypeORM's views and generated columns): not part of the schema.
pub const COMPANION_TABLES: [&str; 2] = ["ar_internal_metadata", "typeorm_metadata"];

/// Whether `table` is another tool's bookkeeping: its ledger or a companion table.
pub fn is_bookkeeping(table: &str) -> bool {
    KNOWN_TABLES.iter().chain(&COMPANION_TABLES).any(|t| t.eq_ignore_ascii_case(table))
}

/// The versions another tool recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// These versions.
    Each(Vec<String>),
    /// Every version up to this one (golang-migrate keeps only the latest).
    UpTo(String),
    /// These heads of a revision graph and all their ancestors (Alembic).
    Heads(Vec<String>),
}

impl Applied {
    /// Which of `migrations` (in order) the other tool applied, and the versions it recorded
    /// that no migration has. A recorded Alembic head marks every revision it descends from,
    /// following `dependencies` (the `down_revision`s).
    pub fn resolve(&self, migrations: &[Migration], units: &[Unit]) -> (Vec<bool>, Vec<String>) {
        let matches = |u: &Unit, v: &str| same_version(&u.version, v) || format!("{}_{}", u.version, u.name) == v;
        match self {
            Applied::Each(vs) => {
                // A consolidated or squash migration counts when everything it replaces is there.
                let replaced = |u: &Unit| {
                    !u.replaces.is_empty() && u.replaces.iter().all(|r| vs.iter().any(|v| same_version(r, v)))
                };
                let marked = units.iter().map(|u| vs.iter().any(|v| matches(u, v)) || replaced(u)).collect();
                let known =
                    |v: &String| units.iter().any(|u| matches(u, v) || u.replaces.iter().any(|r| same_version(r, v)));
                let unknown = vs.iter().filter(|v| !known(v)).cloned().collect();
                (marked, unknown)
            }
            Applied::UpTo(v) => {
                let done = |u: &Unit| match u.replaces.as_slice() {
                    [] => version_le(&u.version, v),
                    rs => rs.iter().all(|r| version_le(r, v)),
                };
                (units.iter().map(done).collect(), Vec::new())
            }
            Applied::Heads(heads) => {
                let by_id: HashMap<&str, &Migration> = migrations.iter().map(|m| (m.id.as_str(), m)).collect();
                let mut seen = BTreeSet::new();
                let mut unknown = Vec::new();
                let mut stack: Vec<&str> = Vec::new();
                for h in heads {
                    if by_id.contains_key(h.as_str()) {
                        stack.push(h);
                    } else {
                        unknown.push(h.clone());
                    }
                }
                while let Some(id) = stack.pop() {
                    if seen.insert(id) {
                        stack.extend(
                            by_id[id].dependencies.iter().map(String::as_str).filter(|d| by_id.contains_key(d)),
                        );
                    }
                }
                (migrations.iter().map(|m| seen.contains(m.id.as_str())).collect(), unknown)
            }
        }
    }
}

async fn count<B: Backend>(db: &mut B, q: &BoundSql) -> Result<i64, Diagnostic> {
    db.fetch_int(q).await.map(|n| n.unwrap_or(0)).map_err(|e| db_error("cannot read the catalog", &e))
}

/// The ledger table to read: `from_table` if it exists, else the one known table that exists.
pub async fn find_table<B: Backend>(db: &mut B, from_table: Option<&str>) -> Result<String, Error> {
    if let Some(t) = from_table {
        if count(db, &B::table_exists(t)).await? > 0 {
            return Ok(t.to_string());
        }
        return Err(Diagnostic::error("adopt-no-table", format!("table {t} does not exist")).into());
    }
    let mut found = Vec::new();
    for t in KNOWN_TABLES {
        if count(db, &B::table_exists(t)).await? > 0 {
            found.push(t);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(Diagnostic::error(
            "adopt-no-table",
            format!("no migration table of another tool found (looked for {})", KNOWN_TABLES.join(", ")),
        )
        .into()),
        many => Err(Diagnostic::error(
            "adopt-ambiguous",
            format!("several migration tables found ({}); choose one with --from-table", many.join(", ")),
        )
        .into()),
    }
}

/// What the ledger `source` says was applied.
pub async fn applied_versions<B: Backend>(db: &mut B, source: &str) -> Result<Applied, Error> {
    let t = B::quote(source);
    let version = B::text_cast(&B::quote("version"));
    let has = |c: &str| B::column_exists(source, c);
    let read = |e: sqlx::Error| db_error(&format!("cannot read {source}"), &e);
    let query = if count(db, &has("version_num")).await? > 0 {
        // Alembic: one row per head of the revision graph.
        let num = B::text_cast(&B::quote("version_num"));
        let heads = db.fetch_texts(&BoundSql::new(format!("SELECT {num} FROM {t}"))).await.map_err(read)?;
        return Ok(Applied::Heads(heads));
    } else if count(db, &has("app")).await? > 0 && count(db, &has("applied")).await? > 0 {
        // Django: one row per applied migration, `(app, name)` → the importer's id `<app>.<name>`.
        let column = |c: &str| format!("SELECT {} FROM {t} ORDER BY {}", B::text_cast(&B::quote(c)), B::quote("id"));
        let apps = db.fetch_texts(&BoundSql::new(column("app"))).await.map_err(read)?;
        let names = db.fetch_texts(&BoundSql::new(column("name"))).await.map_err(read)?;
        return Ok(Applied::Each(apps.iter().zip(&names).map(|(a, n)| format!("{a}.{n}")).collect()));
    } else if source == "_prisma_migrations" {
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
    } else if count(db, &has("timestamp")).await? > 0 && count(db, &has("name")).await? > 0 {
        // TypeORM: one row per applied migration class, ordered by its 13-digit timestamp.
        format!("SELECT {} FROM {t}", B::text_cast(&B::quote("timestamp")))
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
    use crate::apply::build_units;
    use crate::ir::SqlDialect;

    #[test]
    fn versions_compare_numerically() {
        assert!(same_version("0001", "1"));
        assert!(version_le("0002", "10"));
        assert!(!version_le("20240102", "20240101"));
        assert!(same_version("V1", "V1") && !same_version("a", "b"));
    }

    #[test]
    fn alembic_heads_mark_their_ancestors() {
        // base ← a ← b (head 1);  base ← c (head 2, not recorded);  merge(b, c) not recorded.
        let m = |id: &str, deps: &[&str]| {
            let mut m = Migration::new(id, id);
            m.dependencies = deps.iter().map(|d| d.to_string()).collect();
            m
        };
        let history =
            vec![m("base", &[]), m("a", &["base"]), m("c", &["base"]), m("b", &["a"]), m("merge", &["b", "c"])];
        let units = build_units(&history, SqlDialect::Sqlite, false);
        let (marked, unknown) = Applied::Heads(vec!["b".into(), "zzz".into()]).resolve(&history, &units);
        assert_eq!(marked, [true, true, false, true, false]);
        assert_eq!(unknown, ["zzz"]);
        let (marked, _) = Applied::Heads(vec!["merge".into()]).resolve(&history, &units);
        assert!(marked.iter().all(|m| *m));
    }
}
