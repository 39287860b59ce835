//! `polymig convert --to prisma -o layout=migrations`: a Prisma migrations folder
//! (`<timestamp>_<name>/migration.sql` per migration, `migration_lock.toml` with the provider)
//! next to `schema.prisma`.

use std::process::Command;

#[test]
fn migrations_layout_writes_folders_and_lock() {
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sql/app_blog/input.sql");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_polymig"))
        .args([
            "convert",
            "--from",
            "sql",
            "--to",
            "prisma",
            "--dialect",
            "postgres",
            "-o",
            "layout=migrations",
            "--out",
        ])
        .arg(out.path())
        .arg(input)
        .output()
        .expect("run polymig");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let schema = std::fs::read_to_string(out.path().join("schema.prisma")).unwrap();
    assert!(schema.contains("provider = \"postgresql\""), "{schema}");
    assert!(schema.contains("@@map(\"posts\")"), "{schema}");
    let lock = std::fs::read_to_string(out.path().join("migrations/migration_lock.toml")).unwrap();
    assert!(lock.ends_with("provider = \"postgresql\"\n"), "{lock}");
    let folders: Vec<String> = std::fs::read_dir(out.path().join("migrations"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(folders, vec!["00000000000001_input".to_string()]);
    let sql = std::fs::read_to_string(out.path().join("migrations/00000000000001_input/migration.sql")).unwrap();
    assert!(sql.contains("CREATE TABLE \"posts\""), "{sql}");
}
