//! Polyglot histories: `polymig history`, `schema` and `squash` on corpus/polyglot, bad project
//! files, and (live) the merged original order and the squashed baseline building the same schema
//! on fresh SQLite, PostgreSQL and MariaDB databases.

#[path = "../corpus/live.rs"]
mod live;
mod support;

use std::path::Path;
use std::process::{Command, Output};

use live::{Direction, batches, run_batches};
use polymig::export::sql::{ExportOptions, render_history};
use polymig::history::{config, load_project};
use polymig::ir::SqlDialect;
use polymig::schema::compare::{differences, normalize};
use support::{TestDb, block_on};

const SHOP: &str = "corpus/polyglot/shop";

/// Every `corpus/polyglot/<case>/` (each has polymig.toml and expected-history.txt).
fn cases() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> =
        std::fs::read_dir("corpus/polyglot").unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    out.sort();
    out
}

#[test]
fn every_case_prints_its_expected_history() {
    for case in cases() {
        let o = polymig(&case, &["history"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", case.display(), text(&o));
        let expected = std::fs::read_to_string(case.join("expected-history.txt")).unwrap();
        assert_eq!(String::from_utf8_lossy(&o.stdout), expected, "{}", case.display());
    }
    assert!(cases().len() >= 2);
}

fn polymig(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymig")).current_dir(cwd).args(args).output().expect("runs polymig")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn history_interleaves_sources_by_time_and_says_why() {
    let o = polymig(Path::new(SHOP), &["history", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["migrations"].as_array().unwrap();
    let order: Vec<String> =
        rows.iter().map(|r| format!("{}:{}", r["source"].as_str().unwrap(), r["version"].as_str().unwrap())).collect();
    assert_eq!(order, ["core:20240101120000", "billing:a1", "core:20240301090000", "billing:b2"]);
    assert_eq!(rows[1]["tables"], serde_json::json!(["invoices"]));
    assert_eq!(rows[1]["reason"], "time 2024-02-01 10:00:00 from its Create Date");
    assert!(rows[3]["reason"].as_str().unwrap().contains("depends on a1"));
    // From a subfolder, polymig.toml is found in a parent.
    let o = polymig(Path::new(SHOP).join("billing").as_path(), &["history"]);
    let expected = std::fs::read_to_string(Path::new(SHOP).join("expected-history.txt")).unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout), expected);
}

fn project(dir: &Path, toml: &str) {
    std::fs::write(dir.join("polymig.toml"), toml).unwrap();
}

#[test]
fn bad_projects_are_diagnosed_with_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = polymig(d, &["history"]);
    assert!(text(&o).contains("error[no-project]"), "{}", text(&o));

    project(d, "[[source]]\npath = \"nowhere\"\nformat = \"sql\"\n");
    let o = polymig(d, &["history"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("polymig.toml:2:1: error[source-not-found]"), "{}", text(&o));

    std::fs::create_dir_all(d.join("a")).unwrap();
    std::fs::create_dir_all(d.join("b")).unwrap();
    project(d, "[[source]]\npath = \"a\"\nformat = \"cobol\"\n");
    assert!(text(&polymig(d, &["history"])).contains("error[unknown-format]"));

    std::fs::write(d.join("a/20240101000000_a.sql"), "CREATE TABLE a (id int);\n").unwrap();
    std::fs::write(d.join("b/20240101000000_b.sql"), "CREATE TABLE b (id int);\n").unwrap();
    project(d, "[[source]]\npath = \"a\"\nformat = \"sql\"\n[[source]]\npath = \"b\"\nformat = \"sql\"\n");
    let out = text(&polymig(d, &["history"]));
    assert!(out.contains("error[duplicate-version]") && out.contains("a/20240101000000_a.sql"), "{out}");
    assert!(out.contains("b/20240101000000_b.sql"), "{out}");

    std::fs::rename(d.join("b/20240101000000_b.sql"), d.join("b/20240101000001_b.sql")).unwrap();
    std::fs::write(d.join("a/20240102000000_a2.sql"), "CREATE TABLE a2 (id int);\n").unwrap();
    project(
        d,
        "[[source]]\npath = \"a\"\nformat = \"sql\"\n[[source]]\npath = \"b\"\nformat = \"sql\"\n\
         [after]\n\"a:20240101000000\" = [\"b:20240101000001\"]\n\"b:20240101000001\" = [\"a:20240102000000\"]\n",
    );
    let out = text(&polymig(d, &["history"]));
    assert!(out.contains("error[order-cycle]") && out.contains("a:20240101000000"), "{out}");

    std::fs::write(d.join("b/20240101000001_b.sql"), "CREATE TABLE a (id int);\n").unwrap();
    project(d, "[[source]]\npath = \"a\"\nformat = \"sql\"\n[[source]]\npath = \"b\"\nformat = \"sql\"\n");
    let out = text(&polymig(d, &["history"]));
    assert!(out.contains("error[cross-source-conflict]") && out.contains("a/20240101000000_a.sql:1:1"), "{out}");

    // Two Alembic heads: the importer's diagnostic names the files.
    std::fs::create_dir_all(d.join("py")).unwrap();
    for rev in ["h1", "h2"] {
        let src = format!(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = \"{rev}\"\ndown_revision = None\n\n\
             def upgrade():\n    op.create_table(\"t_{rev}\", sa.Column(\"id\", sa.Integer, primary_key=True))\n"
        );
        std::fs::write(d.join(format!("py/{rev}.py")), src).unwrap();
    }
    project(d, "[[source]]\npath = \"py\"\nformat = \"alembic\"\n");
    let out = text(&polymig(d, &["history"]));
    assert!(out.contains("[alembic-multiple-heads]") && out.contains("h1") && out.contains("h2"), "{out}");
}

#[test]
fn env_variables_expand_in_the_database_url() {
    let p = config::load(&Path::new(SHOP).join("polymig.toml")).unwrap();
    assert!(p.database_url().unwrap_err().to_string().contains("SHOP_DATABASE_URL"));
    assert_eq!(
        config::expand_env("postgres://u:${HOME}@h/db").unwrap(),
        format!("postgres://u:{}@h/db", std::env::var("HOME").unwrap())
    );
}

/// Original sources in the merged order, the squash and the consolidated history build the same
/// schema, for every case on every database.
#[test]
fn original_order_squash_and_consolidated_build_the_same_schema_live() {
    for case in cases() {
        let project = config::load(&case.join("polymig.toml")).unwrap();
        for dialect in [SqlDialect::Sqlite, SqlDialect::Postgres, SqlDialect::Mysql] {
            let label = format!("{} on {dialect}", case.display());
            let (entries, diags) = load_project(&project, Some(dialect));
            assert!(!diags.iter().any(|d| d.is_error()), "{label}: {diags:?}");
            let migrations: Vec<_> = entries.iter().map(|e| e.migration.clone()).collect();
            let Some(original) = TestDb::for_dialect(dialect) else { continue };
            let Some(squashed) = TestDb::for_dialect(dialect) else { continue };
            let Some(consolidated) = TestDb::for_dialect(dialect) else { continue };
            let rendered =
                render_history(&migrations, &ExportOptions { dialect, with_down: false, allow_lossy: false });
            let (url, b) = (original.url.clone(), batches(&rendered, Direction::Up));
            block_on(async move { run_batches(&url, dialect, &b).await }).unwrap_or_else(|e| panic!("{label}: {e}"));
            let a = normalize(&original.introspect_blocking(), dialect);
            assert!(!a.tables.is_empty(), "{label}");

            let out = tempfile::tempdir().unwrap();
            let o = polymig(&case, &["squash", "--dialect", dialect.as_str(), "--out", out.path().to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
            let manifest: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(out.path().join("squashed.json")).unwrap()).unwrap();
            assert_eq!(manifest["squashed"].as_array().unwrap().len(), entries.len(), "{label}");
            let file = format!("{}_baseline.up.sql", manifest["baseline"].as_str().unwrap());
            let sql = std::fs::read_to_string(out.path().join(file)).unwrap();
            squashed.exec_blocking(&sql).unwrap_or_else(|e| panic!("{label}: {e}\n{sql}"));
            let b = normalize(&squashed.introspect_blocking(), dialect);
            assert_eq!(differences(&a, &b), Vec::<String>::new(), "{label}: original vs squash");

            // The consolidated SQL history, applied by polymig's runner, builds the same schema.
            let dir = out.path().join("consolidated");
            let o = polymig(&case, &["consolidate", "--dialect", dialect.as_str(), "--out", dir.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
            let o = polymig(&case, &["apply", "--db", &consolidated.url, dir.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
            let mut c = normalize(&consolidated.introspect_blocking(), dialect);
            c.tables.retain(|k, _| k != "polymig_migrations");
            assert_eq!(differences(&a, &c), Vec::<String>::new(), "{label}: original vs consolidated");
        }
    }
}

/// `init` finds both sources; the consolidated SQL builds the same schema as the originals, with
/// provenance comments and the adopt map.
#[test]
fn init_and_consolidate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["core", "billing/versions"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        for f in std::fs::read_dir(Path::new(SHOP).join(sub)).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, d.join(sub).join(f.file_name().unwrap())).unwrap();
        }
    }
    let o = polymig(d, &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let toml = std::fs::read_to_string(d.join("polymig.toml")).unwrap();
    assert!(toml.contains("# detected: 2 alembic migration file(s) in billing/versions\n[[source]]\npath = \"billing/versions\"\nformat = \"alembic\""), "{toml}");
    assert!(toml.contains("path = \"core\"\nformat = \"sql\""), "{toml}");
    assert_eq!(polymig(d, &["init"]).status.code(), Some(1), "refuses to overwrite");

    let o = polymig(d, &["consolidate", "--to", "sql", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let up = std::fs::read_to_string(d.join("out/0002_invoices_for_customers.up.sql")).unwrap();
    assert!(up.starts_with("-- from alembic billing/versions/a1_invoices.py (source billing, version a1)\n"), "{up}");
    assert!(up.contains("-- CreateTable invoices (from billing/versions/a1_invoices.py:17:5)"), "{up}");
    let adopt: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out/polymig-adopt.json")).unwrap()).unwrap();
    assert_eq!(adopt["migrations"][3]["original_version"], "b2");
    assert_eq!(adopt["migrations"][3]["version"], "0004");

    // The consolidated folder is an ordinary SQL history: applied, it builds the original schema.
    let (orig, cons) = (TestDb::sqlite(), TestDb::sqlite());
    // The reference: the project's replayed schema (`polymig schema`), which the live test above
    // ties to the original sources in merged order.
    let o = polymig(d, &["schema", "--dialect", "sqlite"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    orig.exec_blocking(&String::from_utf8_lossy(&o.stdout)).unwrap();
    let o = polymig(d, &["apply", "--db", &cons.url, "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let a = normalize(&orig.introspect_blocking(), SqlDialect::Sqlite);
    let mut b = normalize(&cons.introspect_blocking(), SqlDialect::Sqlite);
    b.tables.retain(|k, _| k != "polymig_migrations");
    assert_eq!(differences(&a, &b), Vec::<String>::new());
}
