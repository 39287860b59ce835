//! Shared by the Prisma tests: the corpus cases, polymig's SQL for a case, and Prisma's own
//! engines (`engine.mjs`, one node process for a whole batch of requests).
//!
//! A case is `corpus/prisma/<case>/` with `schema.prisma` (or a `schema/` folder of `.prisma`
//! files), optionally `from.prisma` (then the case is the migration from that schema to this
//! one) and `dialects` (the dialects it is meant for, default all three; a schema with
//! `@db.*` native types only fits its provider).
//!
//! Node comes from `$POLYMIG_NODE` (default `node`), the packages from
//! `$POLYMIG_PRISMA_MODULES`. When they are missing the tests fail in CI and are skipped elsewhere.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use polymig::diagnostics::Diagnostic;
use polymig::export::sql::{ExportOptions, render_history, to_script};
use polymig::import::prisma;
use polymig::ir::{Migration, SqlDialect};

/// One corpus case.
#[derive(Debug, Clone)]
pub struct Case {
    /// Folder name.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The schema: `schema.prisma` or the `schema/` folder.
    pub schema: PathBuf,
    /// `from.prisma`, for schema-to-schema cases.
    pub from: Option<PathBuf>,
    /// Dialects the case is meant for.
    pub dialects: Vec<SqlDialect>,
}

/// Every `corpus/prisma/<case>/`, sorted.
pub fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/prisma");
    let mut out: Vec<Case> = std::fs::read_dir(&root)
        .expect("corpus/prisma")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|dir| {
            let schema = [dir.join("schema.prisma"), dir.join("schema")].into_iter().find(|p| p.exists())?;
            let from = Some(dir.join("from.prisma")).filter(|p| p.exists());
            let dialects = match std::fs::read_to_string(dir.join("dialects")) {
                Ok(text) => text.split_whitespace().map(|d| d.parse().expect("dialect name")).collect(),
                Err(_) => SqlDialect::ALL.to_vec(),
            };
            let name = dir.file_name()?.to_str()?.to_string();
            Some(Case { name, dir, schema, from, dialects })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Paths in diagnostics and spans relative to the case folder.
pub fn relative(case: &Case, text: &str) -> String {
    text.replace(&format!("{}/", case.dir.display()), "")
}

/// polymig's history for a case and dialect: the migration from empty to `from.prisma` (if
/// any), then the migration to the schema; with every diagnostic.
pub fn polymig_history(case: &Case, dialect: SqlDialect) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut ms = Vec::new();
    let opts = polymig::import::ImportOptions { target: Some(dialect), ..Default::default() };
    match &case.from {
        Some(from) => {
            let (mut first, d) = prisma::import_paths(std::slice::from_ref(from), &opts);
            diags.extend(d);
            let (mut second, d) = prisma::diff_files(from, &case.schema, Some(dialect));
            diags.extend(d);
            for m in &mut first {
                m.id = "1".into();
            }
            second.id = "2".into();
            ms.append(&mut first);
            ms.push(second);
        }
        None => {
            let (m, d) = prisma::import_paths(std::slice::from_ref(&case.schema), &opts);
            ms.extend(m);
            diags.extend(d);
        }
    }
    (ms, diags)
}

/// polymig's SQL for a history and its render diagnostics.
pub fn sql_of(ms: &[Migration], dialect: SqlDialect) -> (String, Vec<Diagnostic>) {
    let opts = ExportOptions { dialect, with_down: false, allow_lossy: true };
    let rendered = render_history(ms, &opts);
    let diags = rendered.iter().flat_map(|r| r.diagnostics.iter().cloned()).collect();
    (to_script(&rendered), diags)
}

/// The `.prisma` files of a schema path as `(file name, text)`, with the datasource provider
/// set to `provider` (when given).
pub fn schema_files(path: &Path, provider: Option<&str>) -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let text = match provider {
                Some(prov) => set_provider(&text, prov),
                None => text,
            };
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Rewrite `provider = "…"` inside the `datasource` block, and drop `url`, `directUrl` and
/// `shadowDatabaseUrl`, which Prisma 7 refuses in schema files ("The datasource property `url`
/// is no longer supported in schema files") while older schemas all have them.
pub fn set_provider(text: &str, provider: &str) -> String {
    let mut out = String::new();
    let mut in_ds = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("datasource ") {
            in_ds = true;
        } else if in_ds && t.starts_with('}') {
            in_ds = false;
        }
        let url = ["url", "directUrl", "shadowDatabaseUrl"]
            .iter()
            .any(|k| t.strip_prefix(k).is_some_and(|r| r.trim_start().starts_with('=')));
        if in_ds && url {
            continue;
        }
        if in_ds && t.starts_with("provider") {
            let indent = &line[..line.len() - t.len()];
            out.push_str(&format!("{indent}provider = \"{provider}\"\n"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Prisma's provider name for a dialect.
pub fn provider(dialect: SqlDialect) -> &'static str {
    match dialect {
        SqlDialect::Postgres => "postgresql",
        SqlDialect::Mysql => "mysql",
        SqlDialect::Sqlite => "sqlite",
    }
}

/// One request to `engine.mjs`.
pub enum Request {
    /// `prisma migrate diff` from `from` (or empty) to `to`, as SQL.
    Diff { id: String, provider: &'static str, to: Vec<(String, String)>, from: Option<Vec<(String, String)>> },
    /// `prisma validate`.
    Validate { id: String, schema: Vec<(String, String)> },
}

/// Node and the Prisma packages, or `None` (skip) outside CI when they are missing.
pub fn engine_available() -> Option<(String, String)> {
    let node = std::env::var("POLYMIG_NODE").unwrap_or_else(|_| "node".to_string());
    let modules = std::env::var("POLYMIG_PRISMA_MODULES").ok();
    let problem = match &modules {
        None => Some("POLYMIG_PRISMA_MODULES is not set".to_string()),
        Some(m) if !Path::new(m).join("@prisma/schema-engine-wasm").is_dir() => {
            Some(format!("{m} has no @prisma/schema-engine-wasm"))
        }
        Some(_) => match Command::new(&node).arg("--version").output() {
            Ok(o) if o.status.success() => None,
            _ => Some(format!("`{node} --version` failed")),
        },
    };
    match problem {
        None => Some((node, modules.unwrap())),
        Some(p) => {
            let msg = format!(
                "{p}; install @prisma/schema-engine-wasm, @prisma/prisma-schema-wasm, @prisma/adapter-pg, \
                 @prisma/adapter-better-sqlite3 and @prisma/driver-adapter-utils (.ci/run install_oracles)"
            );
            if std::env::var_os("CI").is_some() {
                panic!("{msg}; CI is set, so the tests against Prisma's engine must not be skipped");
            }
            eprintln!("skipping: {msg}");
            None
        }
    }
}

/// Run a batch of requests in one node process: id → Ok(sql) or Err(message).
pub fn run_engine(node: &str, modules: &str, requests: &[Request]) -> BTreeMap<String, Result<String, String>> {
    let files = |fs: &[(String, String)]| serde_json::json!(fs.iter().map(|(p, t)| [p, t]).collect::<Vec<_>>());
    let json: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| match r {
            Request::Diff { id, provider, to, from } => serde_json::json!({
                "id": id, "op": "diff", "provider": provider, "to": files(to),
                "from": from.as_ref().map(|f| files(f)),
            }),
            Request::Validate { id, schema } => {
                serde_json::json!({"id": id, "op": "validate", "schema": files(schema)})
            }
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let req = dir.path().join("requests.json");
    std::fs::write(&req, serde_json::to_string(&json).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/prisma_support/engine.mjs");
    let out =
        Command::new(node).arg(script).arg(&req).env("POLYMIG_PRISMA_MODULES", modules).output().expect("run node");
    assert!(out.status.success(), "engine.mjs failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut answers = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("engine.mjs answer");
        let id = v["id"].as_str().unwrap().to_string();
        let answer = if v["ok"].as_bool() == Some(true) {
            Ok(v["sql"].as_str().unwrap_or("").to_string())
        } else {
            Err(v["error"].as_str().unwrap_or("").to_string())
        };
        answers.insert(id, answer);
    }
    answers
}
