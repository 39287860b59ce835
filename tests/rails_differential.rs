//! Differential tests against the real ActiveRecord: for every `corpus/rails/<case>/` and every
//! dialect, Debian's ActiveRecord 6.1 runs the case's `db/migrate` on one fresh database
//! (`MigrationContext#migrate`), polymig's SQL (`polymig convert --from rails --dialect …`) runs
//! on another, and the two introspected schemas must be equal — names of indexes, foreign keys
//! and checks included — once normalized for the dialect (`schema_migrations` and
//! `ar_internal_metadata`, ActiveRecord's bookkeeping, are left out).
//!
//! One Ruby process per dialect runs every case (see `rails_support`). `Migration[7.x]`/`[8.x]`
//! files are run as 6.1, so only behaviours that 6.1 shares are compared here; the 7.x ones
//! (datetime precision 6, `t.enum`/`create_enum`, `deferrable:`, the 7.1 index-name fallback)
//! are covered by the golden files of `rails_corpus` only — see [`NOT_RUNNABLE`].

mod rails_support;
mod support;

use polymig::ir::SqlDialect;
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use rails_support::{BOOKKEEPING, Job, active_record, cases, polymig_sql};
use support::TestDb;

/// Cases ActiveRecord 6.1 cannot run on any dialect: (case, part of its error, why).
const NOT_RUNNABLE: &[(&str, &str, &str)] = &[
    ("broken_file", "SyntaxError", "the migration file does not parse; polymig keeps the rest of the history"),
    (
        "rails7_postgres",
        "",
        "Migration[7.1]/[8.0] features (create_enum, t.enum, add_enum_value, deferrable:, datetime precision 6, \
         the 7.1 index-name fallback) do not exist in ActiveRecord 6.1: golden files only",
    ),
    ("views", "create_view", "the views helper is the `scenic` gem, which Debian does not ship"),
];

/// Where one dialect cannot be compared: (case, dialect, part of ActiveRecord's error, why).
const LIMITS: &[(&str, SqlDialect, &str, &str)] = &[
    ("reversible", SqlDialect::Mysql, "Algorithm must be one of", CONCURRENTLY),
    ("reversible", SqlDialect::Sqlite, "Algorithm must be one of", CONCURRENTLY),
];

const CONCURRENTLY: &str =
    "add_index algorithm: :concurrently is PostgreSQL-only: ActiveRecord 6.1 raises elsewhere, polymig drops it";

/// Differences tolerated: (case, dialect, difference, why).
const KNOWN_DIFFERENCES: &[(&str, SqlDialect, &str, &str)] = &[
    ("alter_ops", SqlDialect::Sqlite, "table posts: column id: auto increment: none vs AutoIncrement", SQLITE_COPY),
    (
        "check_constraints",
        SqlDialect::Sqlite,
        "table products: column id: auto increment: none vs AutoIncrement",
        SQLITE_COPY,
    ),
    (
        "revert_class",
        SqlDialect::Sqlite,
        "table widgets: column id: auto increment: none vs AutoIncrement",
        SQLITE_COPY,
    ),
];

const SQLITE_COPY: &str = "ActiveRecord 6.1's SQLite adapter copies the table for rename_column, change_column, \
    remove_column, add_foreign_key and add_check_constraint, and re-creates the key as `integer NOT NULL PRIMARY KEY` \
    without AUTOINCREMENT; polymig's rebuild keeps AUTOINCREMENT";

fn not_runnable(case: &str) -> Option<&'static str> {
    NOT_RUNNABLE.iter().find(|(c, ..)| *c == case).map(|(.., why)| *why)
}

fn limit(case: &str, d: SqlDialect) -> Option<(&'static str, &'static str)> {
    LIMITS.iter().find(|(c, dl, ..)| *c == case && *dl == d).map(|(_, _, needle, why)| (*needle, *why))
}

fn introspect(db: &TestDb, dialect: SqlDialect) -> Schema {
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| !BOOKKEEPING.contains(&t.name.name.as_str()));
    normalize(&schema, dialect)
}

/// Run polymig's script; a statement that cannot run in a transaction block (`CREATE INDEX
/// CONCURRENTLY`) is sent on its own, since a multi-statement batch is one implicit transaction.
fn exec_script(db: &TestDb, sql: &str) -> Result<(), String> {
    let mut batch = String::new();
    let mut statement = String::new();
    for line in sql.lines() {
        statement.push_str(line);
        statement.push('\n');
        if !line.trim_end().ends_with(';') {
            continue;
        }
        if statement.contains("CONCURRENTLY") {
            db.exec_blocking(&batch).map_err(|e| e.to_string())?;
            db.exec_blocking(&statement).map_err(|e| e.to_string())?;
            batch.clear();
        } else {
            batch.push_str(&statement);
        }
        statement.clear();
    }
    batch.push_str(&statement);
    db.exec_blocking(&batch).map_err(|e| e.to_string())
}

#[test]
fn polymig_sql_matches_real_activerecord() {
    let Some(ar) = active_record() else { return };
    let cases = cases();
    assert!(cases.len() >= 8, "the corpus went missing");
    let mut failures = Vec::new();
    let mut compared = 0;
    for dialect in SqlDialect::ALL {
        let runnable: Vec<_> = cases
            .iter()
            .filter(|c| {
                let name = c.file_name().and_then(|n| n.to_str()).unwrap_or("");
                let skip = not_runnable(name);
                if let Some(why) = skip {
                    eprintln!("{name} on {dialect}: not compared: {why}");
                }
                skip.is_none()
            })
            .collect();
        let mut dbs = Vec::new();
        for _ in &runnable {
            match TestDb::for_dialect(dialect) {
                Some(db) => dbs.push(db),
                None => break,
            }
        }
        if dbs.len() < runnable.len() {
            continue; // server not running (skipped, or failed in CI by TestDb)
        }
        let dirs: Vec<_> = runnable.iter().map(|c| c.join("db/migrate")).collect();
        let jobs: Vec<Job> =
            dbs.iter().zip(&dirs).map(|(db, dir)| Job { dialect, database: &db.name, dir, down: false }).collect();
        let results = ar.migrate(&jobs);
        for ((case, db), result) in runnable.iter().zip(&dbs).zip(results) {
            let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("case").to_string();
            let label = format!("{name} on {dialect}");
            match (result, limit(&name, dialect)) {
                (Err(e), Some((needle, why))) if e.contains(needle) => {
                    eprintln!("{label}: not compared: {why}");
                    continue;
                }
                (Err(e), _) => {
                    failures.push(format!("{label}: ActiveRecord failed: {e}"));
                    continue;
                }
                (Ok(()), Some((needle, _))) => {
                    failures.push(format!("{label}: expected ActiveRecord to fail (`{needle}`), but it succeeded"));
                    continue;
                }
                (Ok(()), None) => {}
            }
            let expected = introspect(db, dialect);
            let ours = match polymig_sql(&case.join("db/migrate"), dialect) {
                Ok(sql) => sql,
                Err(e) => {
                    failures.push(format!("{label}: polymig convert failed: {e}"));
                    continue;
                }
            };
            let Some(fresh) = TestDb::for_dialect(dialect) else { continue };
            if let Err(e) = exec_script(&fresh, &ours) {
                failures.push(format!("{label}: polymig's SQL failed on the database: {e}\n{ours}"));
                continue;
            }
            let actual = introspect(&fresh, dialect);
            let mut diff = differences(&expected, &actual);
            diff.retain(|d| {
                let known = KNOWN_DIFFERENCES.iter().find(|(c, dl, text, _)| *c == name && *dl == dialect && d == text);
                if let Some((.., why)) = known {
                    eprintln!("{label}: tolerated difference `{d}`: {why}");
                }
                known.is_none()
            });
            if diff.is_empty() {
                compared += 1;
            } else {
                failures.push(format!(
                    "{label}: schemas differ (ActiveRecord → polymig):\n  {}\n-- polymig:\n{ours}",
                    diff.join("\n  ")
                ));
            }
        }
    }
    eprintln!("{compared} case/dialect pairs equal");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
}
