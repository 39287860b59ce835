//! The project file as every command's default, and the runner honouring what `squash` and
//! `consolidate` leave behind: a database that ran the original polyglot history takes the
//! squash baseline and the consolidated history as applied (recorded, not run), while a fresh
//! database runs them. On SQLite always, on PostgreSQL and MariaDB when they are up (in CI).

mod support;

use std::path::Path;
use std::process::{Command, Output};

use polymig::ir::SqlDialect;
use support::TestDb;

const SHOP: &str = "corpus/polyglot/shop";

/// A copy of corpus/polyglot/shop in a temporary folder (so nothing is written into the corpus).
fn shop() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(Path::new(SHOP).join("polymig.toml"), d.join("polymig.toml")).unwrap();
    for sub in ["core", "billing/versions"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        for f in std::fs::read_dir(Path::new(SHOP).join(sub)).unwrap() {
            let f = f.unwrap().path();
            if f.is_file() {
                std::fs::copy(&f, d.join(sub).join(f.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

/// Run polymig in `cwd` with the shop's database URL variable set to `db`.
fn polymig(cwd: &Path, db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymig"))
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .env("SHOP_DATABASE_URL", db)
        .args(args)
        .output()
        .expect("runs polymig")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// `version → state` from `polymig status --format json`.
fn states(cwd: &Path, db: &str, paths: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["status", "--format", "json"];
    args.extend(paths);
    let o = polymig(cwd, db, &args);
    // Exit 1 says something needs attention (a missing migration): the states tell which.
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("status JSON");
    let rows = v.as_array().or_else(|| v["migrations"].as_array()).expect("status rows").clone();
    rows.iter()
        .map(|r| (r["version"].as_str().unwrap().to_string(), r["state"].as_str().unwrap().to_string()))
        .collect()
}

fn pairs(xs: &[(&str, &str)]) -> Vec<(String, String)> {
    xs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn commands_without_paths_read_the_project_file() {
    let dir = shop();
    let d = dir.path();
    let db = TestDb::sqlite();
    // No paths and no --db: the sources and the database URL of polymig.toml.
    let o = polymig(d, &db.url, &["apply"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("applied 4 migrations"), "{}", text(&o));
    let expected = [("20240101120000", "applied"), ("a1", "applied"), ("20240301090000", "applied"), ("b2", "applied")];
    assert_eq!(states(d, &db.url, &[]), pairs(&expected));
    // convert and lint read the project too.
    let o = polymig(d, &db.url, &["convert", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("CREATE TABLE \"invoices\""), "{}", text(&o));
    // Paths on the command line win over the project's sources: billing's are not files now.
    let core = states(d, &db.url, &["core"]);
    let missing: Vec<&str> = core.iter().filter(|(_, s)| s == "missing").map(|(v, _)| v.as_str()).collect();
    assert_eq!(missing, ["a1", "b2"], "{core:?}");

    // Without a project file and without paths: a diagnostic, not a silent empty history.
    let empty = tempfile::tempdir().unwrap();
    let o = polymig(empty.path(), &db.url, &["status"]);
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("no-sources") && text(&o).contains("polymig init"), "{}", text(&o));
}

/// For one database: run the original history, then squash and consolidate, and check the runner
/// records both as applied there (running nothing) and runs them on a fresh database.
fn squash_and_consolidate_on(dialect: SqlDialect) {
    let (Some(old), Some(fresh)) = (TestDb::for_dialect(dialect), TestDb::for_dialect(dialect)) else { return };
    let dir = shop();
    let d = dir.path();
    let label = dialect.as_str();
    let o = polymig(d, &old.url, &["apply"]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));

    let o = polymig(d, &old.url, &["squash", "--dialect", label, "--out", "baseline"]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
    // The baseline takes the version of the last squashed migration's time (b2 has none of its
    // own that sorts), recorded beside the old rows.
    let o = polymig(d, &old.url, &["apply", "baseline"]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("recorded 1 migration as applied") && out.contains("nothing to apply"), "{label}: {out}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline/squashed.json")).unwrap()).unwrap();
    let base = manifest["baseline"].as_str().unwrap();
    assert!(base.chars().all(|c| c.is_ascii_digit()), "{label}: {base}");
    let mut got = states(d, &old.url, &["baseline"]);
    got.sort();
    let mut expected = pairs(&[
        (base, "applied"),
        ("20240101120000", "replaced"),
        ("a1", "replaced"),
        ("20240301090000", "replaced"),
        ("b2", "replaced"),
    ]);
    expected.sort();
    assert_eq!(got, expected, "{label}");
    let o = polymig(d, &old.url, &["apply", "baseline"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("nothing to apply"), "{label}: idempotent: {}", text(&o));

    // A fresh database runs the baseline for real.
    let o = polymig(d, &fresh.url, &["apply", "baseline"]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("applied 1 migration"), "{label}: {}", text(&o));
    let tables = fresh.introspect_blocking();
    assert!(tables.tables.keys().any(|k| k.eq_ignore_ascii_case("invoices")), "{label}: {:?}", tables.tables.keys());

    // The consolidated history, on the database that ran the originals: all four recorded.
    let o = polymig(d, &old.url, &["consolidate", "--dialect", label, "--out", "consolidated"]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
    let o = polymig(d, &old.url, &["apply", "consolidated"]);
    assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("recorded 4 migrations as applied"), "{label}: {}", text(&o));
    let applied = states(d, &old.url, &["consolidated"]);
    let news: Vec<_> = applied.iter().filter(|(v, _)| v.starts_with("000")).collect();
    assert_eq!(news.len(), 4, "{label}: {applied:?}");
    assert!(news.iter().all(|(_, s)| s == "applied"), "{label}: {applied:?}");
    // The originals are replaced; only the squash baseline's row (not part of this history) is missing.
    let old: Vec<_> =
        applied.iter().filter(|(v, _)| !v.starts_with("000")).map(|(v, s)| (v.as_str(), s.as_str())).collect();
    let missing: Vec<_> = old.iter().filter(|(_, s)| *s == "missing").map(|(v, _)| *v).collect();
    assert_eq!(missing, [base], "{label}: {applied:?}");
    assert_eq!(old.iter().filter(|(_, s)| *s == "replaced").count(), 4, "{label}: {applied:?}");
}

#[test]
fn squash_and_consolidate_are_recorded_where_the_old_history_ran_sqlite() {
    squash_and_consolidate_on(SqlDialect::Sqlite);
}

#[test]
fn squash_and_consolidate_are_recorded_where_the_old_history_ran_postgres() {
    squash_and_consolidate_on(SqlDialect::Postgres);
}

#[test]
fn squash_and_consolidate_are_recorded_where_the_old_history_ran_mariadb() {
    squash_and_consolidate_on(SqlDialect::Mysql);
}

/// A copy of a corpus case folder, recursively.
fn copy_case(from: &Path) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let target = to.join(p.file_name().unwrap());
            if p.is_dir() { copy(&p, &target) } else { std::fs::copy(&p, &target).map(|_| ()).unwrap() }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(from, dir.path());
    dir
}

/// `consolidate --to <format>` for every format and every corpus/polyglot case: on a database
/// that ran the original sources the runner records the whole consolidated history as applied;
/// on a fresh one it builds the same schema as the originals.
fn consolidate_every_format_on(dialect: SqlDialect) {
    use polymig::schema::compare::{differences, normalize};
    let mut cases: Vec<_> = std::fs::read_dir("corpus/polyglot").unwrap().map(|e| e.unwrap().path()).collect();
    cases.retain(|p| p.join("polymig.toml").is_file());
    cases.sort();
    assert!(cases.len() >= 2);
    for case in cases {
        let dir = copy_case(&case);
        let d = dir.path();
        let label = format!("{} on {}", case.display(), dialect.as_str());
        let Some(reference) = TestDb::for_dialect(dialect) else { return };
        let apply = |db: &TestDb, history: Option<&str>| {
            let mut args = vec!["apply", "--db", &db.url];
            args.extend(history);
            polymig(d, &db.url, &args)
        };
        let o = apply(&reference, None);
        assert_eq!(o.status.code(), Some(0), "{label}: {}", text(&o));
        let count =
            String::from_utf8_lossy(&o.stdout).lines().filter(|l| l.starts_with("applied ")).count().saturating_sub(1);
        let bookkeeping = |k: &String| !k.starts_with("polymig_");
        let mut want = normalize(&reference.introspect_blocking(), dialect);
        want.tables.retain(|k, _| bookkeeping(k));
        let histories = [("sql", "sql"), ("alembic", "alembic"), ("django", "shopapp/migrations")];
        let histories = histories.into_iter().chain([
            ("rails", "rails/db/migrate"),
            ("typeorm", "typeorm"),
            ("prisma", "prisma/migrations"),
        ]);
        for (format, history) in histories {
            let out = history.split('/').next().unwrap();
            let args = ["consolidate", "--to", format, "--dialect", dialect.as_str(), "--out", out];
            let o = polymig(d, &reference.url, &args);
            assert_eq!(o.status.code(), Some(0), "{label} {format}: {}", text(&o));
            assert!(d.join(history).join("polymig-adopt.json").is_file(), "{label} {format}: adopt map in {history}");

            let (Some(old), Some(fresh)) = (TestDb::for_dialect(dialect), TestDb::for_dialect(dialect)) else {
                return;
            };
            assert_eq!(apply(&old, None).status.code(), Some(0), "{label} {format}");
            let o = apply(&old, Some(history));
            assert_eq!(o.status.code(), Some(0), "{label} {format}: {}", text(&o));
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(out.contains(&format!("recorded {count} migrations as applied")), "{label} {format}: {out}");
            assert!(out.contains("nothing to apply"), "{label} {format}: nothing runs twice: {out}");

            let o = apply(&fresh, Some(history));
            assert_eq!(o.status.code(), Some(0), "{label} {format}: {}", text(&o));
            let mut got = normalize(&fresh.introspect_blocking(), dialect);
            got.tables.retain(|k, _| bookkeeping(k));
            let diffs = differences(&want, &got);
            // Known: TypeORM's schema API names a constraint the source left unnamed itself
            // (`UQ_<hash>`, `FK_<hash>`; on MySQL a unique is an index, `IDX_<hash>`), where the
            // originals got the database's implicit names.
            let typeorm_names =
                |d: &String| format == "typeorm" && [" vs UQ_", " vs FK_", " vs IDX_"].iter().any(|n| d.contains(n));
            let diffs: Vec<&String> = diffs.iter().filter(|d| !typeorm_names(d)).collect();
            assert_eq!(diffs, Vec::<&String>::new(), "{label} {format}: originals vs consolidated");
        }
    }
}

#[test]
fn consolidated_histories_in_every_format_are_recorded_or_run_sqlite() {
    consolidate_every_format_on(SqlDialect::Sqlite);
}

#[test]
fn consolidated_histories_in_every_format_are_recorded_or_run_postgres() {
    consolidate_every_format_on(SqlDialect::Postgres);
}

#[test]
fn consolidated_histories_in_every_format_are_recorded_or_run_mariadb() {
    consolidate_every_format_on(SqlDialect::Mysql);
}

#[test]
fn schema_prints_the_replayed_state_as_prisma_and_rails_schema() {
    let dir = shop();
    let d = dir.path();
    let o = polymig(d, "sqlite://unused.db", &["schema", "--to", "prisma", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let prisma = String::from_utf8_lossy(&o.stdout);
    assert!(prisma.contains("provider = \"postgresql\""), "{prisma}");
    assert!(prisma.contains("@@map(\"customers\")") && prisma.contains("@map(\"customer_id\")"), "{prisma}");
    assert!(prisma.contains("@relation(fields: [customerId], references: [id]"), "{prisma}");
    let o = polymig(d, "sqlite://unused.db", &["schema", "--to", "rails-schema", "--dialect", "postgres"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rb = String::from_utf8_lossy(&o.stdout);
    assert!(rb.contains("ActiveRecord::Schema[") && rb.contains("create_table :invoices"), "{rb}");
    assert!(rb.contains("add_foreign_key :invoices, :customers, column: :customer_id"), "{rb}");
    // The version is the last migration's time (b2 is an Alembic revision, not a number).
    assert!(!rb.contains("define(version: 0)"), "{rb}");
    let o = polymig(d, "sqlite://unused.db", &["schema", "--to", "yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// Every file under `dir`, relative, sorted, with its text.
fn tree(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    if dir.is_dir() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// The golden outputs of each corpus/polyglot case, under `expected/`: the consolidated history
/// in every format (`sql`, `alembic`, `app` for Django, `rails`, `typeorm`, `prisma`) and the
/// squashed baseline (`squash`), all with the default dialect. `POLYMIG_BLESS=1` rewrites them
/// (review the diff before committing).
#[test]
fn consolidated_and_squashed_outputs_match_their_golden_files() {
    let bless = std::env::var("POLYMIG_BLESS").is_ok_and(|v| v == "1");
    let mut cases: Vec<_> = std::fs::read_dir("corpus/polyglot").unwrap().map(|e| e.unwrap().path()).collect();
    cases.retain(|p| p.join("polymig.toml").is_file());
    cases.sort();
    for case in cases {
        let dir = copy_case(&case);
        let d = dir.path();
        let _ = std::fs::remove_dir_all(d.join("expected"));
        for (format, out) in [("sql", "sql"), ("alembic", "alembic"), ("django", "app"), ("rails", "rails")]
            .into_iter()
            .chain([("typeorm", "typeorm"), ("prisma", "prisma")])
        {
            let o =
                polymig(d, "sqlite://unused.db", &["consolidate", "--to", format, "--out", &format!("expected/{out}")]);
            assert_eq!(o.status.code(), Some(0), "{} {format}: {}", case.display(), text(&o));
        }
        let o = polymig(d, "sqlite://unused.db", &["squash", "--out", "expected/squash"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", case.display(), text(&o));
        let got = tree(&d.join("expected"));
        if bless {
            let _ = std::fs::remove_dir_all(case.join("expected"));
            for (rel, body) in &got {
                let path = case.join("expected").join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, body).unwrap();
            }
            continue;
        }
        let want = tree(&case.join("expected"));
        let names = |t: &[(String, String)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "{}: the files written (POLYMIG_BLESS=1 to update)", case.display());
        for ((name, g), (_, w)) in got.iter().zip(&want) {
            assert_eq!(g, w, "{}: {name} differs from its golden file", case.display());
        }
    }
}
