//! Round trip through polymig within one dialect, checked on live databases.
//!
//! For every valid corpus case, in its `source` dialect:
//! 1. the ORIGINAL input (statement by statement) builds one fresh database;
//! 2. polymig's re-rendered script for the same dialect builds another;
//! 3. both introspected schemas must be equal after `compare::normalize` (`differences` empty);
//! 4. the schema `schema::replay` builds from the IR must equal the introspected one, too.
//!
//! Cases that cannot round-trip say why in `case.json` (`no_roundtrip`); the reason is printed, never
//! skipped in silence. Invalid inputs (`corpus/sql-invalid`) have nothing to round-trip.

#[path = "../corpus/harness.rs"]
mod harness;
#[path = "../corpus/live.rs"]
mod live;
mod support;

use harness::Case;
use live::{Batch, Direction, batches, run_batches, split_at_spans};
use polymig::ir::{Migration, SqlDialect};
use polymig::schema::compare::{differences, normalize};
use polymig::schema::{Schema, replay_migration};
use support::{TestDb, block_on};

#[test]
fn sqlite_cases_round_trip() {
    run_source(SqlDialect::Sqlite);
}

#[test]
fn postgres_cases_round_trip() {
    run_source(SqlDialect::Postgres);
}

#[test]
fn mysql_cases_round_trip() {
    run_source(SqlDialect::Mysql);
}

/// Round-trip every case written in `dialect`; panic with the list of failures.
fn run_source(dialect: SqlDialect) {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in harness::all_cases() {
        if case.invalid || case.spec.source != dialect {
            continue;
        }
        if let Some(reason) = &case.spec.no_roundtrip {
            eprintln!("case {} does not round-trip: {reason}", case.name);
            continue;
        }
        let Some(original) = TestDb::for_dialect(dialect) else { return };
        let Some(rerendered) = TestDb::for_dialect(dialect) else { return };
        if let Err(e) = round_trip(&case, &original, &rerendered) {
            failures.push(format!("case {} ({dialect}): {e}", case.name));
        }
        ran += 1;
    }
    assert!(ran > 0, "no corpus case round-trips in {dialect}");
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}

fn round_trip(case: &Case, original: &TestDb, rerendered: &TestDb) -> Result<(), String> {
    let dialect = case.spec.source;
    if !case.supported_targets().contains(&dialect) {
        return Err(format!("the case does not export to its source dialect {dialect}: add no_roundtrip to case.json"));
    }
    let imported = case.import();
    let original_batches = original_batches(case, &imported.migrations)?;
    run(original, original_batches).map_err(|e| format!("applying the original input: {e}"))?;
    let rendered = case.render(&imported.migrations, dialect, false);
    run(rerendered, batches(&rendered, Direction::Up)).map_err(|e| format!("applying polymig's script: {e}"))?;

    let from_original = normalize(&original.introspect_blocking(), dialect);
    let from_polymig = normalize(&rerendered.introspect_blocking(), dialect);
    let mut problems = Vec::new();
    let diff = differences(&from_original, &from_polymig);
    if !diff.is_empty() {
        problems.push(format!("original vs re-rendered database:\n    {}", diff.join("\n    ")));
    }
    if let Some(reason) = &case.spec.no_replay_compare {
        eprintln!("case {}: replayed schema not compared: {reason}", case.name);
        return if problems.is_empty() { Ok(()) } else { Err(problems.join("\n  ")) };
    }
    match replayed(&imported.migrations, dialect) {
        Ok(schema) => {
            let diff = differences(&normalize(&schema, dialect), &from_polymig);
            if !diff.is_empty() {
                problems.push(format!("replayed IR vs re-rendered database:\n    {}", diff.join("\n    ")));
            }
        }
        Err(e) => problems.push(e),
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n  ")) }
}

/// The original input as batches: `input.sql`, or the case's `roundtrip_files` in order, each split into
/// statements at the spans of its imported operations.
fn original_batches(case: &Case, migrations: &[Migration]) -> Result<Vec<Batch>, String> {
    let files: Vec<std::path::PathBuf> = if case.is_layout() {
        if case.spec.roundtrip_files.is_empty() {
            return Err("a layout case needs roundtrip_files (or no_roundtrip) in case.json".into());
        }
        case.spec.roundtrip_files.iter().map(|f| case.dir.join(f)).collect()
    } else {
        vec![case.input_path()]
    };
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file = path.to_string_lossy().replace('\\', "/");
            let statements = split_at_spans(&text, &file, migrations);
            Ok(Batch { label: format!("original {file}"), transactional: false, statements })
        })
        .collect()
}

/// The schema `replay` builds from the whole history.
fn replayed(migrations: &[Migration], dialect: SqlDialect) -> Result<Schema, String> {
    let mut schema = Schema::default();
    let mut errors = Vec::new();
    for m in migrations {
        errors.extend(replay_migration(&mut schema, m, Some(dialect)).iter().map(ToString::to_string));
    }
    if errors.is_empty() { Ok(schema) } else { Err(format!("replay failed:\n    {}", errors.join("\n    "))) }
}

fn run(db: &TestDb, batches: Vec<Batch>) -> Result<(), String> {
    let (url, dialect) = (db.url.clone(), db.dialect);
    block_on(async move { run_batches(&url, dialect, &batches).await })
}
