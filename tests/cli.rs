//! The command line as a user runs it: exit codes, stdout, stderr, JSON shapes.

use std::path::Path;
use std::process::{Command, Output};

fn polymig(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymig")).args(args).current_dir(cwd).output().expect("run polymig")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("migrations");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(
        m.join("0001_create_users.sql"),
        "CREATE TABLE users (\n  id integer PRIMARY KEY,\n  \"select\" text NOT NULL\n);\n",
    )
    .unwrap();
    std::fs::write(
        m.join("0002_add_email.sql"),
        "ALTER TABLE users ADD COLUMN email varchar(255);\nCREATE INDEX users_email_idx ON users (email);\n",
    )
    .unwrap();
    std::fs::write(m.join("0010_backfill.sql"), "UPDATE users SET email = 'x@example.com' WHERE email IS NULL;\n")
        .unwrap();
    dir
}

#[test]
fn convert_prints_one_script_in_history_order() {
    let dir = history();
    let out = polymig(
        &["convert", "--from", "sql", "--source-dialect", "postgres", "--dialect", "mysql", "migrations"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let sql = text(&out.stdout);
    let first = sql.find("-- 0001 create_users").expect("header of 0001");
    let second = sql.find("-- 0002 add_email").expect("header of 0002");
    let tenth = sql.find("-- 0010 backfill").expect("header of 0010 (numeric order, not string order)");
    assert!(first < second && second < tenth, "{sql}");
    assert!(sql.contains("`select`"), "identifiers quoted for MySQL: {sql}");
    assert!(sql.contains("CREATE TABLE `users`"), "{sql}");
}

#[test]
fn convert_writes_files_with_down_scripts() {
    let dir = history();
    let out = polymig(&["convert", "--dialect", "sqlite", "--with-down", "--out", "out", "migrations"], dir.path());
    // The UPDATE has no down: that migration is irreversible, an error on stderr.
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("irreversible"), "{}", text(&out.stderr));
    let up = std::fs::read_to_string(dir.path().join("out/0002_add_email.up.sql")).unwrap();
    let down = std::fs::read_to_string(dir.path().join("out/0002_add_email.down.sql")).unwrap();
    assert!(up.contains("ADD COLUMN \"email\""), "{up}");
    assert!(down.contains("DROP INDEX") && down.contains("DROP COLUMN \"email\""), "{down}");
}

#[test]
fn output_is_byte_identical_across_runs() {
    let dir = history();
    let a = polymig(&["convert", "--dialect", "postgres", "migrations"], dir.path());
    let b = polymig(&["convert", "--dialect", "postgres", "migrations"], dir.path());
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.is_empty());
}

#[test]
fn inspect_prints_versioned_ir_json() {
    let dir = history();
    let out = polymig(&["inspect", "migrations"], dir.path());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["polymig_ir"], 1);
    assert_eq!(doc["migrations"].as_array().unwrap().len(), 3);
    assert_eq!(doc["migrations"][0]["up"][0]["op"], "create_table");
    assert_eq!(doc["migrations"][0]["up"][0]["span"]["line"], 1);
    assert_eq!(doc["migrations"][1]["up"][1]["span"]["line"], 2);
}

#[test]
fn check_reports_the_documented_json_shape() {
    let dir = history();
    std::fs::write(dir.path().join("migrations/0003_bad.sql"), b"CREATE TABLE x (a text);\n\xff\xfe\n").unwrap();
    let out = polymig(&["check", "--format", "json", "migrations"], dir.path());
    assert_eq!(out.status.code(), Some(1), "invalid UTF-8 is an error: {}", text(&out.stdout));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files = report["files"].as_array().unwrap();
    for key in ["path", "format", "migrations", "operations", "opaque", "errors"] {
        assert!(files[0].get(key).is_some(), "file entry has {key}");
    }
    let s = &report["summary"];
    assert_eq!(s["errors"], 1);
    assert_eq!(s["files"], 4);
    assert_eq!(s["fully_translated_files"], 3);
    let bad = files.iter().find(|f| f["path"].as_str().unwrap().ends_with("0003_bad.sql")).unwrap();
    assert_eq!(bad["errors"], 1);
}

#[test]
fn check_text_ends_with_a_summary_line() {
    let dir = history();
    let out = polymig(&["check", "migrations"], dir.path());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("3 files, 3 migrations"), "{last}");
    assert!(last.ends_with("3 of 3 files fully translated"), "{last}");
}

#[test]
fn usage_errors_exit_2_and_missing_paths_exit_1() {
    let dir = history();
    assert_eq!(polymig(&["convert", "--dialect", "oracle", "migrations"], dir.path()).status.code(), Some(2));
    assert_eq!(polymig(&["convert", "--to", "liquibase", "migrations"], dir.path()).status.code(), Some(2));
    assert_eq!(polymig(&["frobnicate"], dir.path()).status.code(), Some(2));
    let missing = polymig(&["convert", "nowhere"], dir.path());
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("nowhere does not exist"), "{}", text(&missing.stderr));
}

#[test]
fn unparsable_statement_is_kept_and_strict_fails() {
    let dir = history();
    std::fs::write(dir.path().join("migrations/0004_odd.sql"), "CREATE TABLE ok (a int);\nFROBNICATE THE DATABASE;\n")
        .unwrap();
    let lenient = polymig(&["convert", "--dialect", "postgres", "migrations"], dir.path());
    assert_eq!(lenient.status.code(), Some(0), "{}", text(&lenient.stderr));
    assert!(text(&lenient.stdout).contains("FROBNICATE THE DATABASE"), "kept verbatim");
    assert!(text(&lenient.stderr).contains("0004_odd.sql:2:1"), "{}", text(&lenient.stderr));
    let strict = polymig(&["convert", "--strict", "--dialect", "postgres", "migrations"], dir.path());
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn check_reports_zero_errors_on_every_corpus_input() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for case in std::fs::read_dir(root.join("corpus/sql")).unwrap() {
        let case = case.unwrap().path();
        for name in ["input.sql", "input"] {
            if case.join(name).exists() {
                inputs.push(case.join(name).strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    assert!(inputs.len() >= 60, "the corpus has at least 60 cases");
    let mut args = vec!["check", "--format", "json"];
    args.extend(inputs.iter().map(String::as_str));
    let out = polymig(&args, root);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["summary"]["errors"], 0, "{}", text(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
    let files = report["summary"]["files"].as_u64().unwrap() as usize;
    assert!(files >= inputs.len(), "every input file is counted: {files} < {}", inputs.len());
}

#[test]
fn convert_to_alembic_takes_the_sqlite_batch_option_and_refuses_unknown_ones() {
    let dir = history();
    std::fs::write(dir.path().join("migrations/0011_drop.sql"), "ALTER TABLE users DROP COLUMN email;\n").unwrap();
    let args = |extra: &[&'static str]| {
        let mut v = vec!["convert", "--from", "sql", "--source-dialect", "postgres", "--to", "alembic"];
        v.extend_from_slice(extra);
        v.push("migrations");
        v
    };
    let out = polymig(&args(&["--out", "plain"]), dir.path());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let out = polymig(&args(&["--out", "batch", "-o", "sqlite_batch=true"]), dir.path());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let read_all = |sub: &str| -> String {
        let mut files: Vec<_> = std::fs::read_dir(dir.path().join(sub)).unwrap().filter_map(Result::ok).collect();
        files.sort_by_key(|e| e.path());
        files.iter().map(|e| std::fs::read_to_string(e.path()).unwrap()).collect()
    };
    assert!(!read_all("plain").contains("batch_alter_table"));
    assert!(read_all("batch").contains("batch_op.drop_column(\"email\")"), "{}", read_all("batch"));
    let out = polymig(&args(&["--out", "bad", "-o", "colour=blue"]), dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown-export-option"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("colour=blue"));
}

#[test]
fn convert_to_an_orm_format_needs_out_and_rejects_unknown_formats() {
    let dir = history();
    let out = polymig(&["convert", "--from", "sql", "--to", "django", "migrations"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("needs --out"), "{}", text(&out.stderr));
    let out = polymig(&["convert", "--from", "sql", "--to", "cobol", "--out", "x", "migrations"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown format `cobol`"), "{}", text(&out.stderr));
}

#[test]
fn type_map_resolves_project_column_types() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("versions")).unwrap();
    std::fs::write(
        dir.path().join("versions/0001_a.py"),
        "from alembic import op\nimport sqlalchemy as sa\nfrom myapp.db.types import MoneyAmount\n\nrevision = 'a1'\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), sa.Column('price', MoneyAmount()))\n",
    )
    .unwrap();
    let base = ["convert", "--from", "alembic", "--dialect", "postgres"];
    let out = polymig(&[&base[..], &["versions"]].concat(), dir.path());
    assert!(text(&out.stderr).contains("MoneyAmount"), "unmapped type reported: {}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("\"price\" numeric(12, 2)"));
    let out = polymig(&[&base[..], &["--type-map", "MoneyAmount=sa.Numeric(12, 2)", "versions"]].concat(), dir.path());
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"price\" numeric(12, 2)"), "{}", text(&out.stdout));
}

/// `plan --zero-downtime --to FORMAT`: one migration per phase in the ORM's format, each
/// verification a guard statement, read back by polymig's own importer for that format.
#[test]
fn plan_writes_the_phases_as_orm_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("m")).unwrap();
    std::fs::write(d.join("m/1_setup.sql"), "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n").unwrap();
    std::fs::write(d.join("m/2_change.sql"), "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n").unwrap();
    let guard = "IF (SELECT count(*) FROM \"users\" WHERE \"email\" IS NULL) <> 0 THEN RAISE EXCEPTION";
    for (format, phase_files) in
        [("rails", "db/migrate"), ("django", "."), ("alembic", "."), ("typeorm", "."), ("prisma", "migrations")]
    {
        let out = format!("out-{format}");
        let o = polymig(&["plan", "--zero-downtime", "--to", format, "--out", &out, "m"], d);
        assert_eq!(o.status.code(), Some(0), "{format}: {}{}", text(&o.stdout), text(&o.stderr));
        assert!(text(&o.stdout).contains("wrote 3 phase migrations"), "{format}: {}", text(&o.stdout));
        let mut files: Vec<String> = Vec::new();
        let mut stack = vec![d.join(&out).join(phase_files)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    stack.push(e.path());
                } else if e.file_name() != "README.md" {
                    files.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        // The history before the plan is not written again: three phases, the guard in the
        // migrate phase (which validates) and in the contract phase.
        assert_eq!(files.len(), 3, "{format}: {files:#?}");
        assert_eq!(
            files.iter().filter(|f| f.contains(guard.replace('"', "\\\"").as_str()) || f.contains(guard)).count(),
            1,
            "{format}"
        );
        assert!(files.iter().any(|f| f.contains("users_email_not_null")), "{format}");
        assert!(std::fs::read_to_string(d.join(&out).join("README.md")).unwrap().contains("Zero-downtime plan"));
    }
    // Read back: the Rails and TypeORM phases convert to the same SQL statements.
    for (format, path) in [("rails", "out-rails/db/migrate"), ("typeorm", "out-typeorm")] {
        let o = polymig(&["convert", "--from", format, "--to", "sql", "--dialect", "postgres", path], d);
        let sql = text(&o.stdout);
        assert!(sql.contains("VALIDATE CONSTRAINT \"users_email_not_null\""), "{format}: {sql}{}", text(&o.stderr));
        assert!(sql.contains(guard), "{format}: {sql}");
        assert!(sql.contains("ALTER TABLE \"users\" ALTER COLUMN \"email\" SET NOT NULL"), "{format}: {sql}");
    }
    let o = polymig(&["plan", "--zero-downtime", "--to", "cobol", "--out", "x", "m"], d);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}
