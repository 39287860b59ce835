//! The Rails exporter (`polymig::export::rails`):
//!
//! * `golden_files`: the exported files for a few IR histories (corpus cases imported by the SQL
//!   and Alembic importers), for PostgreSQL, MySQL and no `--dialect`, as reviewed snapshots in
//!   `tests/rails_export_snapshots/`.
//! * `exported_rails_runs_in_activerecord_like_polymig_sql`: the same histories exported as
//!   `Migration[6.1]` for each database run in the real ActiveRecord 6.1 (`$POLYMIG_RUBY`) on a
//!   fresh SQLite, PostgreSQL and MariaDB database; the introspected schema must equal the one
//!   polymig's own SQL for the history builds on another fresh database (names included;
//!   `schema_migrations` and `ar_internal_metadata` left out). A history with untranslated code
//!   must stop at the `raise` the exporter writes for it.

mod rails_export_support;
mod support;

use polymig::export::rails::{RailsExportOptions, has_opaque, render_history, write_files};
use polymig::export::sql::{ExportOptions, render_history as render_sql, to_script};
use polymig::ir::{Migration, SqlDialect};
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use rails_export_support::{Case, alembic_case, migrate_all, migrate_dir, rails_case, ruby, sql_case};
use support::TestDb;

/// The histories of the golden files.
fn golden_cases() -> Vec<Case> {
    vec![
        sql_case("app_blog"),
        sql_case("pg_alter_column"),
        sql_case("pg_indexes"),
        alembic_case("create_tables"),
        alembic_case("alter_ops"),
        alembic_case("dialect_branches"),
        alembic_case("opaque_data"),
    ]
}

/// The histories run in ActiveRecord, and the databases they run on.
fn online_cases() -> Vec<(Case, &'static [SqlDialect])> {
    use SqlDialect::*;
    const ALL: &[SqlDialect] = &[Sqlite, Postgres, Mysql];
    const PG: &[SqlDialect] = &[Postgres];
    vec![
        (sql_case("app_blog"), ALL),
        (sql_case("pg_alter_column"), PG),
        (sql_case("pg_indexes"), PG),
        (alembic_case("create_tables"), ALL),
        (alembic_case("alter_ops"), ALL),
        (alembic_case("opaque_data"), PG),
        (rails_case("alter_ops"), ALL),
        (rails_case("check_constraints"), ALL),
        (rails_case("create_tables"), ALL),
        (rails_case("data_code"), ALL),
        (rails_case("heredoc_sql"), ALL),
        (rails_case("legacy_versions"), ALL),
        (rails_case("rails7_postgres"), PG),
        (rails_case("reversible"), ALL),
        (rails_case("revert_class"), ALL),
        (rails_case("views"), ALL),
    ]
}

/// Differences ActiveRecord 6.1 itself introduces (or the harness cannot check), asserted to
/// still differ so a fix shows up.
const KNOWN: &[(&str, SqlDialect, &str)] = &[
    ("sql/app_blog", SqlDialect::Sqlite, SQLITE_COPY),
    ("alembic/alter_ops", SqlDialect::Sqlite, SQLITE_COPY),
    ("rails/alter_ops", SqlDialect::Sqlite, SQLITE_COPY),
    ("rails/check_constraints", SqlDialect::Sqlite, SQLITE_COPY),
    ("rails/reversible", SqlDialect::Sqlite, SQLITE_COPY),
    ("rails/revert_class", SqlDialect::Sqlite, SQLITE_COPY),
];

/// ActiveRecord 6.1 changes a SQLite table by copying it, and the copy loses AUTOINCREMENT, the DESC
/// of index parts, UNIQUE constraints and column types it has no symbol for.
const SQLITE_COPY: &str = "ActiveRecord 6.1's SQLite table copy (change_column_null, remove_column, …) loses AUTOINCREMENT, \
     index DESC, UNIQUE constraints and types it has no symbol for";

fn text_of(ms: &[Migration], opts: &RailsExportOptions) -> String {
    let files = render_history(ms, opts);
    let mut out = String::new();
    for f in &files {
        out.push_str(&format!("# ---- {}\n{}", f.path, f.text));
        for d in &f.diagnostics {
            out.push_str(&format!("# diagnostic: {}[{}] {}\n", d.severity, d.code, d.message));
        }
    }
    out
}

#[test]
fn golden_files() {
    for case in golden_cases() {
        for dialect in [None, Some(SqlDialect::Postgres), Some(SqlDialect::Mysql)] {
            let ms = case.import(dialect);
            let opts = RailsExportOptions { dialect, schema_rb: true, ..Default::default() };
            let name = format!("{}__{}", case.name.replace('/', "__"), dialect.map_or("any", |d| d.as_str()));
            insta::with_settings!({ snapshot_path => "rails_export_snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(name, text_of(&ms, &opts));
            });
        }
    }
}

/// The normalized schema of `db`, without ActiveRecord's bookkeeping tables.
fn schema_of(db: &TestDb) -> Schema {
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| !matches!(t.name.name.as_str(), "schema_migrations" | "ar_internal_metadata"));
    normalize(&schema, db.dialect)
}

#[test]
fn exported_rails_runs_in_activerecord_like_polymig_sql() {
    let Some(ruby) = ruby() else { return };
    let mut failures = Vec::new();
    let mut equal = Vec::new();
    let mut known_seen: Vec<String> = Vec::new();
    for dialect in SqlDialect::ALL {
        let Some(_probe) = TestDb::for_dialect(dialect) else { continue };
        let mut runs = Vec::new();
        let mut schema_runs = Vec::new();
        let mut pending = Vec::new();
        for (case, dialects) in online_cases() {
            if !dialects.contains(&dialect) {
                continue;
            }
            let ms = case.import(Some(dialect));
            let opts = RailsExportOptions { version: (6, 1), dialect: Some(dialect), schema_rb: true };
            let dir = tempfile::tempdir().expect("temp dir");
            write_files(dir.path(), &render_history(&ms, &opts)).expect("write files");
            let rails_db = TestDb::for_dialect(dialect).expect("database");
            let schema_db = TestDb::for_dialect(dialect).expect("database");
            runs.push((migrate_dir(dir.path()), rails_db.url.clone()));
            schema_runs.push((dir.path().join("db/schema.rb"), schema_db.url.clone()));
            pending.push((case, ms, dir, rails_db, schema_db));
        }
        runs.extend(schema_runs.iter().cloned());
        let results = migrate_all(&ruby, &runs);
        for ((case, ms, dir, rails_db, schema_db), ((migrations, _), (schema_rb, _))) in
            pending.into_iter().zip(runs.iter().zip(&schema_runs))
        {
            let label = format!("{} on {dialect}", case.name);
            let known = KNOWN.iter().find(|(c, d, _)| *c == case.name && *d == dialect).map(|k| k.2);
            let before = (failures.len(), known_seen.len());
            let mut fail = |failures: &mut Vec<String>, msg: String| match known {
                Some(why) => known_seen
                    .push(format!("{label}: known ({why}): {}", msg.lines().take(4).collect::<Vec<_>>().join(" | "))),
                None => failures.push(msg),
            };
            let opaque = ms.iter().any(|m| has_opaque(&m.up));
            let files =
                || text_of(&ms, &RailsExportOptions { version: (6, 1), dialect: Some(dialect), schema_rb: false });
            match (&results[migrations], opaque) {
                (Err(e), true) if e.contains("polymig could not translate") => {
                    equal.push(format!("{label}: stops at the untranslated code"));
                    continue;
                }
                (Ok(()), true) => {
                    fail(&mut failures, format!("{label}: has untranslated code, but the migrations ran to the end"));
                    continue;
                }
                (Err(e), _) => {
                    fail(&mut failures, format!("{label}: ActiveRecord failed: {e}\n{}", files()));
                    continue;
                }
                (Ok(()), false) => {}
            }
            let rendered = render_sql(&ms, &ExportOptions { dialect, with_down: false, allow_lossy: true });
            let sql = to_script(&rendered);
            let polymig_db = TestDb::for_dialect(dialect).expect("database");
            // One statement at a time, as the runner does: CREATE INDEX CONCURRENTLY refuses a script.
            let statements = rendered.iter().flat_map(|m| &m.up).map(|s| s.sql.trim());
            let code = |s: &&str| s.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with("--"));
            if let Err(e) = statements.filter(code).try_for_each(|s| polymig_db.exec_blocking(s)) {
                fail(&mut failures, format!("{label}: polymig's SQL failed: {e}\n{sql}"));
                continue;
            }
            let expected = schema_of(&polymig_db);
            match &results[schema_rb] {
                Ok(()) => {
                    let diff = differences(&schema_of(&schema_db), &expected);
                    if diff.is_empty() {
                        equal.push(format!("{label}: schema.rb equal"));
                    } else {
                        fail(&mut failures, format!("{label}: schema.rb differs:\n  {}", diff.join("\n  ")));
                    }
                }
                Err(e) => fail(&mut failures, format!("{label}: loading schema.rb failed: {e}")),
            }
            let diff = differences(&schema_of(&rails_db), &expected);
            if diff.is_empty() {
                equal.push(format!("{label}: equal"));
            } else {
                fail(
                    &mut failures,
                    format!(
                        "{label}: schemas differ (ActiveRecord ← exported files vs polymig SQL):\n  {}\n{}\n-- polymig SQL:\n{sql}",
                        diff.join("\n  "),
                        files()
                    ),
                );
            }
            if known.is_some() && (failures.len(), known_seen.len()) == before {
                failures.push(format!("{label} now matches: remove it from KNOWN"));
            }

            drop(dir);
        }
    }
    eprintln!("{}\n{}", equal.join("\n"), known_seen.join("\n"));
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
}
