//! `schema::diff` against every history of the corpus (corpus/sql and corpus/alembic).
//!
//! For each history, replayed migration by migration into states `s_0 = empty, s_1, …, s_n`:
//! - `diff(empty, s_n)` replayed on empty gives `s_n`;
//! - for every `k`, `diff(s_k, s_n)` replayed on `s_k` gives `s_n`, and `diff(s_n, s_k)` replayed
//!   on `s_n` gives `s_k` (drops as well as creates);
//! - no diff reports an error, and `diff(s, s)` is empty.
//!
//! States are compared exactly (`compare::differences` without normalisation): the diff works on
//! replayed states of one dialect, so nothing may be lost.

mod alembic_support;
#[path = "../corpus/harness.rs"]
mod harness;

use std::path::PathBuf;

use polymig::import::ImportOptions;
use polymig::ir::{Migration, SqlDialect};
use polymig::schema::compare::differences;
use polymig::schema::{DiffOptions, Schema, diff, replay};

/// The state after each migration: `states[0]` is empty, `states[i]` follows migration `i`.
fn states(migrations: &[Migration], dialect: SqlDialect) -> Vec<Schema> {
    let mut out = vec![Schema::default()];
    let mut s = Schema::default();
    for m in migrations {
        for op in &m.up {
            let _ = replay(&mut s, op, Some(dialect));
        }
        out.push(s.clone());
    }
    out.dedup();
    out
}

/// Check that `diff(from, to)` replayed on `from` gives `to`; the problem otherwise.
fn check(label: &str, from: &Schema, to: &Schema, dialect: SqlDialect) -> Result<usize, String> {
    let d = diff(from, to, &DiffOptions::for_dialect(dialect));
    let errors: Vec<String> = d.diagnostics.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
    if !errors.is_empty() {
        return Err(format!("{label}: {}", errors.join("; ")));
    }
    let mut s = from.clone();
    for op in &d.operations {
        replay(&mut s, op, Some(dialect)).map_err(|e| format!("{label}: {} does not replay: {e}", op.kind.name()))?;
    }
    let left = differences(&s, to);
    if !left.is_empty() {
        return Err(format!("{label}: replayed diff differs from the target: {}", left.join("; ")));
    }
    if from == to && !d.operations.is_empty() {
        return Err(format!("{label}: diff of a state with itself is not empty"));
    }
    Ok(d.operations.len())
}

/// Run every check on one history; returns (checks, operations) or the problems.
fn check_history(
    name: &str,
    migrations: &[Migration],
    dialect: SqlDialect,
    failures: &mut Vec<String>,
) -> (usize, usize) {
    let states = states(migrations, dialect);
    let last = states.last().expect("at least the empty state");
    let (mut checks, mut ops) = (0, 0);
    let mut run = |label: String, from: &Schema, to: &Schema| match check(&label, from, to, dialect) {
        Ok(n) => {
            checks += 1;
            ops += n;
        }
        Err(e) => failures.push(e),
    };
    run(format!("{name} ({dialect}) empty -> final"), &Schema::default(), last);
    for (k, s) in states.iter().enumerate() {
        run(format!("{name} ({dialect}) state {k} -> final"), s, last);
        run(format!("{name} ({dialect}) final -> state {k}"), last, s);
        run(format!("{name} ({dialect}) state {k} -> itself"), s, s);
    }
    (checks, ops)
}

#[test]
fn sql_corpus_histories_diff_back_to_their_states() {
    let mut failures = Vec::new();
    let (mut cases, mut checks, mut ops) = (0, 0, 0);
    for case in harness::all_cases() {
        if case.invalid {
            continue;
        }
        let imported = case.import();
        let (c, o) = check_history(&case.name, &imported.migrations, case.spec.source, &mut failures);
        cases += 1;
        checks += c;
        ops += o;
    }
    eprintln!("{cases} SQL cases, {checks} diffs checked, {ops} operations generated");
    assert!(cases > 50, "the SQL corpus went missing");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn alembic_corpus_histories_diff_back_to_their_states() {
    let mut failures = Vec::new();
    let (mut cases, mut checks) = (0, 0);
    for dir in alembic_support::cases() {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let paths: Vec<PathBuf> = vec![dir.join("versions")];
        for dialect in [SqlDialect::Postgres, SqlDialect::Sqlite, SqlDialect::Mysql] {
            let opts = ImportOptions { target: Some(dialect), ..ImportOptions::default() };
            let (migrations, _) = polymig::import::alembic::import_paths(&paths, &opts);
            checks += check_history(&name, &migrations, dialect, &mut failures).0;
        }
        cases += 1;
    }
    eprintln!("{cases} Alembic cases, {checks} diffs checked");
    assert!(cases > 5, "the Alembic corpus went missing");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
