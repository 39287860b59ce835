//! Export after import: for the histories of the SQL and Alembic corpora, polymig's
//! `schema.prisma` for the replayed state must validate with Prisma's own validator
//! (`@prisma/prisma-schema-wasm`), and Prisma's engine diff from empty to it, applied to a fresh
//! PostgreSQL / SQLite database, must build the same schema as polymig's SQL for the history,
//! up to what the `// polymig:` notes say Prisma cannot express (see [`tolerated`]).
//! One node process answers every request.
//!
//! The notes cover what Prisma cannot express: CHECK constraints (and the CHECK polymig gives
//! enum columns on SQLite and inline enum columns on PostgreSQL), partial / expression / INCLUDE
//! indexes, index methods outside PostgreSQL, DEFERRABLE foreign keys, identity columns (Prisma
//! writes SERIAL), SQLite's AUTOINCREMENT choice, NOT NULL on list columns, JSONB as SQLite's
//! Json, types SQLite stores as text or JSON (interval, arrays, foreign type names), comments,
//! collations, generated columns, `ON UPDATE`, views.
//!
//! The exports that still do not rebuild the state, and why (none is the Prisma exporter's):
//! - `sql/pg_quoting`, `sql/lite_quoting` (both databases): Prisma's SQL does not escape a `"`
//!   inside an identifier (`"c"d"`), so its script fails to parse.
//! - `sql/pg_grants` on PostgreSQL: `ALTER TABLE … RENAME CONSTRAINT` is kept as raw SQL by the
//!   SQL importer, so the replayed state (and the export) keeps the old constraint name.
//! - `sql/unsupported_enum_alter` on SQLite: polymig's SQLite SQL cannot rename an enum value
//!   (`ALTER TYPE … RENAME VALUE`), so the database it builds keeps `'draft'` where the replayed
//!   state and the export say `'unpublished'`.

mod prisma_support;
mod support;

use std::path::{Path, PathBuf};

use polymig::export::prisma::{render_schema, replayed};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, SqlDialect};
use polymig::schema::Schema;
use polymig::schema::compare::{differences, normalize};
use prisma_support::{Request, engine_available, provider, run_engine, sql_of};
use support::TestDb;

/// Exports that Prisma's validator accepts, at least (of 194: all of them).
const VALIDATE_FLOOR: usize = 194;
/// Exports whose Prisma SQL rebuilds the replayed state (exactly or up to the notes), at least
/// (of 172 compared on a database: 5 fail for the causes in the module documentation).
const REBUILD_FLOOR: usize = 167;

const DIALECTS: [SqlDialect; 2] = [SqlDialect::Postgres, SqlDialect::Sqlite];

/// (label, history) for every corpus history that imports and replays without errors.
fn histories(dialect: SqlDialect) -> Vec<(String, Vec<Migration>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(root.join("sql")).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.join("input.sql").exists()) {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap_or_else(|_| "{}".into()))
                .unwrap();
        let source = case["source"].as_str().and_then(|s| s.parse().ok());
        let opts = ImportOptions {
            format: Some(Format::Sql),
            source_dialect: source,
            target: Some(dialect),
            ..Default::default()
        };
        let (ms, diags) = load(&[dir.join("input.sql")], &opts);
        if diags.iter().chain(ms.iter().flat_map(|m| &m.diagnostics)).any(|d| d.is_error()) || ms.is_empty() {
            continue;
        }
        out.push((format!("sql/{}", dir.file_name().unwrap().to_string_lossy()), ms));
    }
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(root.join("alembic")).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs.iter().filter(|d| d.join("versions").is_dir()) {
        let opts = ImportOptions {
            format: Some(Format::Alembic),
            source_dialect: None,
            target: Some(dialect),
            ..Default::default()
        };
        let (ms, diags) = load(&[dir.join("versions")], &opts);
        if diags.iter().any(|d| d.is_error()) || ms.is_empty() {
            continue;
        }
        out.push((format!("alembic/{}", dir.file_name().unwrap().to_string_lossy()), ms));
    }
    out
}

fn schema_after(dialect: SqlDialect, sql: &str) -> Option<Result<Schema, String>> {
    let db = TestDb::for_dialect(dialect)?;
    if let Err(e) = db.exec_blocking(sql) {
        return Some(Err(e.to_string()));
    }
    let mut schema = db.introspect_blocking();
    schema.tables.retain(|_, t| t.name.name != "_prisma_migrations");
    Some(Ok(normalize(&schema, dialect)))
}

/// A difference is tolerated when a `// polymig:` note of the export covers it: notes read
/// `<Model>: <subject> — <why>`, and the subject (`constraint posts_check`, `index ix_name`,
/// `column id: auto increment`) is what the comparison prints for that difference.
fn tolerated(diff: &str, notes: &[String]) -> bool {
    notes.iter().filter_map(|n| n.split_once(" — ")).any(|(head, _)| {
        let subject = head.split_once(": ").map_or(head, |(_, s)| s);
        diff.contains(&format!("{subject}:")) || diff.contains(&format!("{subject} "))
    }) || (diff.contains("view ") && notes.iter().any(|n| n.starts_with("view ")))
}

struct Export {
    label: String,
    dialect: SqlDialect,
    text: String,
    notes: Vec<String>,
    history: Vec<Migration>,
}

#[test]
fn exported_schemas_validate_and_rebuild_the_state() {
    let Some((node, modules)) = engine_available() else { return };
    let mut exports = Vec::new();
    for d in DIALECTS {
        for (label, history) in histories(d) {
            let (state, replay) = replayed(&history, d);
            if !replay.is_empty() {
                continue;
            }
            let (text, notes) = render_schema(&state, d);
            exports.push(Export { label, dialect: d, text, notes, history });
        }
    }
    assert!(exports.len() >= 40, "the corpora went missing ({} histories)", exports.len());
    let mut requests = Vec::new();
    for (i, e) in exports.iter().enumerate() {
        let files = vec![("schema.prisma".to_string(), e.text.clone())];
        requests.push(Request::Validate { id: format!("v{i}"), schema: files.clone() });
        requests.push(Request::Diff { id: format!("d{i}"), provider: provider(e.dialect), to: files, from: None });
    }
    let answers = run_engine(&node, &modules, &requests);
    let mut failures = Vec::new();
    let (mut valid, mut equal, mut tolerated_n) = (0, 0, 0);
    for (i, e) in exports.iter().enumerate() {
        let label = format!("{} on {}", e.label, e.dialect);
        match &answers[&format!("v{i}")] {
            Ok(_) => valid += 1,
            Err(err) => {
                failures.push(format!("{label}: Prisma rejects the exported schema:\n{err}\n{}", e.text));
                continue;
            }
        }
        let prisma_sql = match &answers[&format!("d{i}")] {
            Ok(sql) => sql.clone(),
            Err(err) => {
                failures.push(format!("{label}: Prisma's engine failed: {err}"));
                continue;
            }
        };
        let Some(expected) = schema_after(e.dialect, &sql_of(&e.history, e.dialect).0) else { continue };
        let Ok(expected) = expected else { continue };
        let actual = match schema_after(e.dialect, &prisma_sql) {
            Some(Ok(s)) => s,
            Some(Err(err)) => {
                failures.push(format!("{label}: Prisma's SQL for the export fails: {err}\n{prisma_sql}"));
                continue;
            }
            None => continue,
        };
        let diffs: Vec<String> =
            differences(&expected, &actual).into_iter().filter(|x| !tolerated(x, &e.notes)).collect();
        if diffs.is_empty() {
            if e.notes.is_empty() { equal += 1 } else { tolerated_n += 1 }
        } else {
            failures.push(format!(
                "{label}: Prisma's schema differs from the replayed state:\n  {}\n-- export:\n{}\n-- prisma:\n{prisma_sql}",
                diffs.join("\n  "),
                e.text
            ));
        }
    }
    eprintln!(
        "{} exports: {valid} validate; {equal} rebuild the state exactly, {tolerated_n} up to their notes; {} failures",
        exports.len(),
        failures.len()
    );
    // Not every history exports losslessly (see the module documentation for the causes left):
    // the test prints every failure and guards the figures reached so far against regressions.
    for f in &failures {
        eprintln!("{f}\n");
    }
    assert!(valid >= VALIDATE_FLOOR, "{valid} exports validate, fewer than {VALIDATE_FLOOR}");
    assert!(
        equal + tolerated_n >= REBUILD_FLOOR,
        "{} exports rebuild the state, fewer than {REBUILD_FLOOR}",
        equal + tolerated_n
    );
}
