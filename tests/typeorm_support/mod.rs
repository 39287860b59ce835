//! Shared by the TypeORM tests: the corpus cases, their import with case-relative paths, and
//! the real TypeORM (`$POLYMIG_TYPEORM_MODULES`, run by `node` through `run.cjs`).
//!
//! When node or the modules are missing, the tests that need them fail in CI (`CI` set) and are
//! skipped elsewhere with the reason printed.
#![allow(dead_code)]

#[path = "../corpus_paths/mod.rs"]
mod corpus_paths;

use std::path::{Path, PathBuf};
use std::process::Command;

use polymig::diagnostics::Diagnostic;
use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, SqlDialect};

/// Every `corpus/typeorm/<case>/` with a `migrations/` directory, sorted.
pub fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/typeorm");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("corpus/typeorm")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("migrations").is_dir())
        .collect();
    out.sort();
    out
}

/// The dialects a case is compared on (`case.json`: `{"dialects": ["postgres", …]}`; all when absent).
pub fn case_dialects(case: &Path) -> Vec<SqlDialect> {
    let Ok(text) = std::fs::read_to_string(case.join("case.json")) else { return SqlDialect::ALL.to_vec() };
    let json: serde_json::Value = serde_json::from_str(&text).expect("case.json");
    json["dialects"]
        .as_array()
        .map(|ds| ds.iter().filter_map(|d| d.as_str()?.parse().ok()).collect())
        .unwrap_or_else(|| SqlDialect::ALL.to_vec())
}

/// Import `dir` as TypeORM for `target`, with paths relative to `base`.
pub fn import(dir: &Path, base: &Path, target: Option<SqlDialect>) -> (Vec<Migration>, Vec<Diagnostic>) {
    let opts = ImportOptions { format: Some(Format::Typeorm), source_dialect: None, target, ..Default::default() };
    let (mut ms, diags) = load(&[dir.to_path_buf()], &opts);
    let diags = corpus_paths::relative_to(base, &mut ms, diags);
    (ms, diags)
}

/// The TypeORM driver type for a dialect (`mariadb` for MySQL: the local server is MariaDB).
pub fn driver(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "postgres",
        SqlDialect::Mysql => "mariadb",
        SqlDialect::Sqlite => "sqljs",
    }
}

/// `$POLYMIG_TYPEORM_MODULES` when node runs and it holds typeorm and typescript.
pub fn typeorm_modules() -> Option<String> {
    let modules =
        std::env::var("POLYMIG_TYPEORM_MODULES").unwrap_or_else(|_| "/tmp/polymig-node/typeorm/node_modules".into());
    let probe = "const p=[process.argv[1]];require(require.resolve('typeorm',{paths:p}));require(require.resolve('typescript',{paths:p}));\
                 console.log(JSON.parse(require('fs').readFileSync(p[0]+'/typeorm/package.json','utf8')).version)";
    let reason = match Command::new("node").args(["-e", probe, &modules]).output() {
        Ok(out) if out.status.success() => {
            eprintln!("typeorm {}", String::from_utf8_lossy(&out.stdout).trim());
            return Some(modules);
        }
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().find(|l| l.contains("Error")).unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let msg = format!(
        "node cannot load typeorm and typescript from {modules} ({reason}); install them with \
         `npm install typeorm@1.1.1 pg mysql2 sql.js reflect-metadata typescript` and set POLYMIG_TYPEORM_MODULES"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so the tests against the real TypeORM must not be skipped");
    }
    eprintln!("skipping: {msg}");
    None
}

/// One migration folder to run, and the database (name, or sql.js output file) to run it on.
pub struct Job {
    /// The folder of migration files.
    pub dir: PathBuf,
    /// The database name, or the file sql.js writes its database to.
    pub database: String,
}

/// Run every job through the real TypeORM with one node process: `Ok(())` or TypeORM's error, per job.
pub fn run_typeorm(modules: &str, dialect: SqlDialect, jobs: &[Job]) -> Vec<Result<(), String>> {
    let list: Vec<serde_json::Value> =
        jobs.iter().map(|j| serde_json::json!({"dir": j.dir, "database": j.database})).collect();
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), serde_json::to_string(&list).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/typeorm_support/run.cjs");
    let out = Command::new("node")
        .arg(script)
        .arg(driver(dialect))
        .arg(file.path())
        .env("POLYMIG_TYPEORM_MODULES", modules)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut results: Vec<Result<(), String>> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| if v["ok"] == true { Ok(()) } else { Err(v["error"].as_str().unwrap_or("?").to_string()) })
        .collect();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    results.resize(jobs.len(), Err(format!("node stopped early: {stderr}")));
    results
}

/// `polymig convert --from typeorm --allow-lossy --dialect … dir`.
pub fn polymig_sql(dir: &Path, dialect: SqlDialect) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--from", "typeorm", "--allow-lossy", "--dialect", dialect.as_str()])
        .arg(dir)
        .output()
        .expect("run polymig");
    assert!(out.status.success(), "polymig convert failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `polymig convert --from typeorm --to typeorm --dialect … [-o style=…] --out out dir`.
pub fn polymig_export(dir: &Path, dialect: SqlDialect, style: &str, out: &Path) {
    let result = Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args(["convert", "--from", "typeorm", "--to", "typeorm", "--dialect", dialect.as_str(), "-o"])
        .arg(format!("style={style}"))
        .arg("--out")
        .arg(out)
        .arg(dir)
        .output()
        .expect("run polymig");
    assert!(result.status.success(), "polymig export failed: {}", String::from_utf8_lossy(&result.stderr));
}
