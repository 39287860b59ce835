//! Throughput of the SQL path on a generated 10,000-migration history:
//! import (read + split + parse + lower), replay, and export (which replays as it renders),
//! per dialect; the `convert` line is what `polymig convert` does: import + export.
//!
//! Run with `cargo bench --bench throughput` (release mode). Prints
//! migrations/s and MB/s for each stage and for the whole pipeline.
//! Target: at least 20,000 migrations per second on one core.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use polymig::export::sql::{ExportOptions, render_history, to_script};
use polymig::import::sql::{SqlImportOptions, import_paths};
use polymig::ir::SqlDialect;
use polymig::schema::{Schema, replay_migration};

/// One generated migration: a mix of the common DDL a real history holds.
fn migration_sql(i: usize) -> String {
    let t = format!("table_{}", i / 5);
    match i % 5 {
        0 => format!(
            "CREATE TABLE {t} (\n  id bigint PRIMARY KEY,\n  name varchar(255) NOT NULL,\n  created_at timestamp DEFAULT CURRENT_TIMESTAMP\n);\n"
        ),
        1 => format!(
            "ALTER TABLE {t} ADD COLUMN email varchar(320);\nALTER TABLE {t} ADD COLUMN score integer DEFAULT 0 NOT NULL;\n"
        ),
        2 => format!("CREATE UNIQUE INDEX {t}_email_idx ON {t} (email);\nCREATE INDEX {t}_score_idx ON {t} (score);\n"),
        3 => {
            format!("ALTER TABLE {t} RENAME COLUMN score TO points;\nUPDATE {t} SET points = 1 WHERE points IS NULL;\n")
        }
        _ => format!("DROP INDEX {t}_score_idx;\nALTER TABLE {t} DROP COLUMN points;\n"),
    }
}

fn write_history(dir: &std::path::Path, n: usize) -> usize {
    let mut bytes = 0;
    for i in 0..n {
        let sql = migration_sql(i);
        bytes += sql.len();
        std::fs::write(dir.join(format!("{:06}_step_{i}.sql", i + 1)), sql).expect("write migration");
    }
    bytes
}

fn report(stage: &str, n: usize, bytes: usize, d: Duration) {
    let secs = d.as_secs_f64();
    println!(
        "{stage:<28} {:>9.0} migrations/s {:>8.2} MB/s  ({n} migrations, {:.2} MB, {:.3} s)",
        n as f64 / secs,
        bytes as f64 / 1e6 / secs,
        bytes as f64 / 1e6,
        secs
    );
}

fn main() {
    let n: usize = std::env::var("POLYMIG_BENCH_MIGRATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = write_history(dir.path(), n);
    let paths: Vec<PathBuf> = vec![dir.path().to_path_buf()];

    let start = Instant::now();
    let (history, diags) = import_paths(&paths, &SqlImportOptions { dialect: Some(SqlDialect::Postgres) });
    let import_time = start.elapsed();
    assert_eq!(history.len(), n, "every generated migration is imported");
    assert!(diags.iter().all(|d| !d.is_error()), "generated history imports without errors: {:?}", diags.first());
    report("import", n, bytes, import_time);

    let start = Instant::now();
    let mut schema = Schema::default();
    let mut problems = 0;
    for m in &history {
        problems += replay_migration(&mut schema, m, Some(SqlDialect::Postgres)).len();
    }
    let replay_time = start.elapsed();
    assert_eq!(problems, 0, "generated history replays cleanly");
    report("replay", n, bytes, replay_time);

    for dialect in SqlDialect::ALL {
        let start = Instant::now();
        let rendered = render_history(&history, &ExportOptions { dialect, with_down: false, allow_lossy: true });
        let script = to_script(&rendered);
        let export_time = start.elapsed();
        report(&format!("export {dialect} ({} KB out)", script.len() / 1024), n, bytes, export_time);
        // `convert` is import + export: the export replays the state itself as it renders.
        report(&format!("convert (import+export) {dialect}"), n, bytes, import_time + export_time);
    }
}
