//! Round trip: Django → IR → Django (`polymig::export::django`) → IR, for every single-app case of
//! `corpus/django/<case>/<app>/migrations/`, on each target database.
//!
//! * **Schema**: the schema the second IR builds (replayed, normalized for the database) equals
//!   the first's — asserted for every case and database not in [`KNOWN`].
//! * **Operations**: how many round trips give exactly the same operations (modulo spans,
//!   sources, diagnostics and ids) is printed as a figure, not asserted: Django defers foreign
//!   keys and `db_index` indexes to the end of a migration, while the exporter writes indexes as
//!   `AddIndex` in place, so the order of the operations differs even when the schema is equal.
//!
//! [`KNOWN`] lists the round trips whose schema differs, and why; each is asserted to still
//! differ, so that a fix shows up. The main cause: an operation Django cannot write with the
//! same DDL is exported as `RunSQL` of polymig's SQL inside a `SeparateDatabaseAndState`, which
//! the Django importer reads back as the operations it spells — except SQLite's table rebuilds
//! (a copy of the rows is no schema operation), which come back as raw SQL, and raw SQL is not
//! replayed into a schema.

use std::path::{Path, PathBuf};

use polymig::export::django::{DjangoExportOptions, render_history};
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, SqlDialect};
use polymig::schema::compare::{differences, normalize};
use polymig::schema::{Schema, replay_migration};
use serde_json::Value;

/// (case, dialect, why the schema differs after the round trip).
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "alter_ops",
        "sqlite",
        "AlterField and rebuilds on SQLite are RunSQL of polymig's table rebuild: raw SQL comes back",
    ),
    ("expressions", "sqlite", "checks added on SQLite are polymig's table rebuild in RunSQL: raw SQL comes back"),
    ("models_kinds", "sqlite", "tables with foreign keys that carry actions or datetime columns are RunSQL on SQLite"),
    ("rename_m2m", "sqlite", "a constraint dropped on SQLite is polymig's table rebuild in RunSQL: raw SQL comes back"),
    ("squashed", "sqlite", "constraints added on SQLite are polymig's rebuild in RunSQL: raw SQL comes back"),
];

fn single_app_cases() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/django");
    let mut out = Vec::new();
    for case in std::fs::read_dir(&root).unwrap().filter_map(Result::ok).map(|e| e.path()) {
        let apps: Vec<PathBuf> = std::fs::read_dir(&case)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("migrations").is_dir())
            .collect();
        if apps.len() == 1 {
            out.push((case.file_name().unwrap().to_string_lossy().into_owned(), apps[0].clone()));
        }
    }
    out.sort();
    out
}

fn import(migrations: &Path, d: SqlDialect) -> Vec<Migration> {
    let opts =
        ImportOptions { format: Some(Format::Django), source_dialect: None, target: Some(d), ..Default::default() };
    load(&[migrations.to_path_buf()], &opts).0
}

fn schema(ms: &[Migration], d: SqlDialect) -> Schema {
    let mut s = Schema::default();
    for m in ms {
        let _ = replay_migration(&mut s, m, Some(d));
    }
    normalize(&s, d)
}

/// The operations as JSON without spans, sources, diagnostics and ids.
fn comparable(ms: &[Migration]) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for k in ["span", "source", "diagnostics", "id", "dependencies"] {
                    map.remove(k);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(ms).unwrap();
    strip(&mut v);
    v
}

#[test]
fn django_ir_django_ir_keeps_the_schema() {
    let cases = single_app_cases();
    assert!(cases.len() >= 4, "the Django corpus went missing");
    let mut failures = Vec::new();
    let mut same_ops = 0;
    let mut same_schema = 0;
    let mut total = 0;
    for (case, app) in &cases {
        let label = app.file_name().unwrap().to_string_lossy().into_owned();
        for d in SqlDialect::ALL {
            total += 1;
            let first = import(&app.join("migrations"), d);
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join(&label).join("migrations");
            std::fs::create_dir_all(&dir).unwrap();
            let (files, _) = render_history(&first, &DjangoExportOptions { app_label: label.clone(), dialect: d });
            for f in &files {
                std::fs::write(dir.join(&f.file_name), &f.text).unwrap();
            }
            std::fs::write(dir.join("__init__.py"), "").unwrap();
            let second = import(&dir, d);
            let diff = differences(&schema(&first, d), &schema(&second, d));
            let known = KNOWN.iter().find(|k| k.0 == case && k.1 == d.as_str());
            match (diff.is_empty(), known) {
                (true, None) => same_schema += 1,
                (true, Some(k)) => {
                    failures.push(format!("{case} on {}: now keeps the schema; remove it from KNOWN ({})", k.1, k.2))
                }
                (false, Some(_)) => {}
                (false, None) => {
                    failures.push(format!("{case} on {}: schemas differ:\n  {}", d.as_str(), diff.join("\n  ")))
                }
            }
            if comparable(&first) == comparable(&second) {
                same_ops += 1;
            }
        }
    }
    eprintln!("{same_schema} of {total} case×dialect round trips keep the schema");
    eprintln!("{same_ops} of {total} keep the operations exactly");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
