//! A Prisma schema as a state on the command line: `polymig convert schema.prisma` is the
//! migration from the empty database; `--base old.prisma` / `--base-history DIR` the migration
//! from that state to the schema, with `probable-rename` warnings (never a silent drop) and the
//! `--rename-table` / `--rename-column` hints. Scripts are applied to SQLite (always) and
//! PostgreSQL (when it answers) to check that the migration between two schemas builds the same
//! database as the second schema from empty.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use polymig::ir::SqlDialect;
use polymig::schema::compare::{differences, normalize};
use support::TestDb;

fn polymig(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_polymig")).args(args).current_dir(cwd).output().expect("run polymig")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const OLD: &str = r#"datasource db {
  provider = "postgresql"
}

model User {
  id       Int     @id @default(autoincrement())
  email    String  @unique
  nickname String?
  age      Int
  posts    Post[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}

model Legacy {
  id Int @id
}

model Author {
  id   Int    @id
  name String
}
"#;

/// Added: `Comment`, `User.createdAt`, `Post.body`, an index; dropped: `Legacy`, `User.nickname`;
/// altered: `User.age` (nullable, default), the foreign key's `onDelete`; `Author` is renamed
/// to `Writer` (same columns) and `User.nickname` looks renamed to `User.alias`.
const NEW: &str = r#"datasource db {
  provider = "postgresql"
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  alias     String?
  age       Int?     @default(18)
  posts     Post[]
  createdAt DateTime @default(now())

  @@index([age])
}

model Post {
  id       Int     @id @default(autoincrement())
  title    String
  authorId Int
  author   User    @relation(fields: [authorId], references: [id], onDelete: Cascade)
  body     String?
}

model Comment {
  id   Int    @id @default(autoincrement())
  text String
}

model Writer {
  id   Int    @id
  name String
}
"#;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.prisma"), OLD).unwrap();
    std::fs::write(dir.path().join("schema.prisma"), NEW).unwrap();
    dir
}

fn ok(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn one_schema_is_the_migration_from_empty_for_its_provider() {
    let dir = project();
    let sql = ok(&polymig(&["convert", "schema.prisma"], dir.path()));
    assert!(sql.contains("CREATE TABLE \"User\""), "{sql}");
    assert!(sql.contains("SERIAL") || sql.contains("serial"), "the provider (postgresql) picks the dialect: {sql}");
    assert!(sql.contains("CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY"), "{sql}");
    let mysql = ok(&polymig(&["convert", "--dialect", "mysql", "schema.prisma"], dir.path()));
    assert!(mysql.contains("CREATE TABLE `User`"), "--dialect overrides the provider: {mysql}");
    assert!(mysql.contains("varchar(191)"), "String is varchar(191) on MySQL: {mysql}");
}

#[test]
fn base_schema_gives_the_migration_between_two_schemas() {
    let dir = project();
    let out = polymig(&["convert", "--dialect", "postgres", "--base", "old.prisma", "schema.prisma"], dir.path());
    let sql = ok(&out);
    for expected in [
        "CREATE TABLE \"Comment\"",
        "ALTER TABLE \"User\" ADD COLUMN \"createdAt\"",
        "ALTER TABLE \"Post\" ADD COLUMN \"body\" text",
        "DROP TABLE \"Legacy\"",
        "DROP COLUMN \"nickname\"",
        "CREATE INDEX \"User_age_idx\"",
        "ON DELETE CASCADE",
        "DROP NOT NULL",
        "SET DEFAULT 18",
    ] {
        assert!(sql.contains(expected), "missing `{expected}`:\n{sql}");
    }
    assert!(!sql.contains("CREATE TABLE \"User\""), "unchanged tables are not created again:\n{sql}");
    assert_eq!(sql.matches("\n-- 1 diff").count() + usize::from(sql.starts_with("-- 1 diff")), 1, "{sql}");
}

/// Old schema from empty, then the diff, builds the same database as the new schema from empty.
#[test]
fn the_diff_applied_after_the_base_builds_the_new_schema() {
    let dir = project();
    for dialect in [SqlDialect::Sqlite, SqlDialect::Postgres] {
        let d = dialect.as_str();
        let old = ok(&polymig(&["convert", "--dialect", d, "old.prisma"], dir.path()));
        let diff = ok(&polymig(
            &["convert", "--dialect", d, "--base", "old.prisma", "--rename-table", "Author=Writer", "schema.prisma"],
            dir.path(),
        ));
        let new = ok(&polymig(&["convert", "--dialect", d, "schema.prisma"], dir.path()));
        let Some(migrated) = TestDb::for_dialect(dialect) else { continue };
        migrated.exec_blocking(&old).unwrap_or_else(|e| panic!("{d}: old schema: {e}\n{old}"));
        migrated.exec_blocking(&diff).unwrap_or_else(|e| panic!("{d}: diff: {e}\n{diff}"));
        let fresh = TestDb::for_dialect(dialect).expect("answered once");
        fresh.exec_blocking(&new).unwrap_or_else(|e| panic!("{d}: new schema: {e}\n{new}"));
        let (a, b) =
            (normalize(&fresh.introspect_blocking(), dialect), normalize(&migrated.introspect_blocking(), dialect));
        // No migration moves a column (Prisma's engine, too, appends `alias`): order aside.
        let diffs: Vec<String> = differences(&a, &b).into_iter().filter(|d| !d.contains(": column order: ")).collect();
        assert!(diffs.is_empty(), "{d}: new schema → old + diff:\n  {}\n{diff}", diffs.join("\n  "));
    }
}

#[test]
fn rename_hints_in_the_schema_rename_and_are_quiet_once_done() {
    let dir = project();
    let hinted = NEW
        .replace("model Writer {", "/// polymig:renamed-from Author\nmodel Writer {")
        .replace("  alias     String?", "  /// polymig:renamed-from nickname\n  alias     String?");
    std::fs::write(dir.path().join("schema.prisma"), &hinted).unwrap();
    let out = polymig(&["convert", "--dialect", "postgres", "--base", "old.prisma", "schema.prisma"], dir.path());
    let (sql, err) = (ok(&out), text(&out.stderr));
    assert!(sql.contains("ALTER TABLE \"Author\" RENAME TO \"Writer\""), "{sql}");
    assert!(sql.contains("ALTER TABLE \"User\" RENAME COLUMN \"nickname\" TO \"alias\""), "{sql}");
    assert!(!sql.contains("DROP TABLE \"Author\""), "{sql}");
    assert!(!err.contains("probable-rename") && !err.contains("rename-hint-unused"), "{err}");
    // From the empty database (or once the rename ran) the hints have nothing to rename: no noise.
    let out = polymig(&["convert", "--dialect", "postgres", "schema.prisma"], dir.path());
    let err = text(&out.stderr);
    assert!(!err.contains("rename-hint"), "{err}");
}

#[test]
fn a_dropped_and_created_twin_is_a_probable_rename_warning() {
    let dir = project();
    let out = polymig(&["convert", "--dialect", "postgres", "--base", "old.prisma", "schema.prisma"], dir.path());
    let (sql, err) = (ok(&out), text(&out.stderr));
    assert!(
        err.contains(
            "schema.prisma:29:1: warning[probable-rename]: table `Author` is dropped and table `Writer` created"
        ),
        "at the new model's line: {err}"
    );
    assert!(
        err.contains("schema.prisma:8:3: warning[probable-rename]: column `User.nickname` is dropped"),
        "at the new field's line: {err}"
    );
    assert!(err.contains("`--rename-table Author=Writer`"), "the help names the flag: {err}");
    assert!(err.contains("column `User.nickname` is dropped and column `User.alias` added"), "{err}");
    assert!(err.contains("`--rename-column User.nickname=alias`"), "{err}");
    assert!(sql.contains("DROP TABLE \"Author\""), "as written it is a drop (the warning says so): {sql}");
    let strict =
        polymig(&["convert", "--strict", "--dialect", "postgres", "--base", "old.prisma", "schema.prisma"], dir.path());
    assert_eq!(strict.status.code(), Some(1), "--strict fails on the warning: {}", text(&strict.stderr));
}

#[test]
fn rename_hints_turn_the_probable_renames_into_renames() {
    let dir = project();
    let args = [
        "convert",
        "--dialect",
        "postgres",
        "--base",
        "old.prisma",
        "--rename-table",
        "Author=Writer",
        "--rename-column",
        "User.nickname=alias",
        "schema.prisma",
    ];
    let out = polymig(&args, dir.path());
    let (sql, err) = (ok(&out), text(&out.stderr));
    assert!(!err.contains("probable-rename"), "{err}");
    assert!(sql.contains("ALTER TABLE \"Author\" RENAME TO \"Writer\""), "{sql}");
    assert!(sql.contains("ALTER TABLE \"User\" RENAME COLUMN \"nickname\" TO \"alias\""), "{sql}");
    assert!(!sql.contains("DROP TABLE \"Author\"") && !sql.contains("DROP COLUMN \"nickname\""), "{sql}");
    let unused = polymig(
        &["convert", "--dialect", "postgres", "--base", "old.prisma", "--rename-table", "Nope=Writer", "schema.prisma"],
        dir.path(),
    );
    assert!(text(&unused.stderr).contains("warning[rename-hint-unused]"), "{}", text(&unused.stderr));
}

#[test]
fn base_history_replays_any_history_as_the_starting_state() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("migrations");
    std::fs::create_dir(&m).unwrap();
    std::fs::write(
        m.join("0001_init.sql"),
        "CREATE TABLE \"User\" (\"id\" integer NOT NULL, \"email\" text NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("schema.prisma"),
        "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id    Int     @id\n  email String\n  name  String?\n}\n",
    )
    .unwrap();
    let out = polymig(
        &["convert", "--source-dialect", "postgres", "--base-history", "migrations", "schema.prisma"],
        dir.path(),
    );
    let sql = ok(&out);
    assert!(sql.contains("ALTER TABLE \"User\" ADD COLUMN \"name\" text;"), "{sql}\n{}", text(&out.stderr));
    assert_eq!(sql.matches(';').count(), 1, "the history already created User, only `name` is new:\n{sql}");
}

#[test]
fn misuse_is_a_usage_error_and_a_broken_base_is_located() {
    let dir = project();
    let usage = |args: &[&str], needle: &str| {
        let out = polymig(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains(needle), "{args:?}: {}", text(&out.stderr));
    };
    usage(&["convert", "--rename-table", "A=B", "schema.prisma"], "need a starting state");
    usage(&["convert", "--base", "old.prisma", "schema.prisma", "old.prisma"], "one Prisma schema");
    usage(&["convert", "--base", "old.prisma", "--rename-column", "nodot=x", "schema.prisma"], "TABLE.OLD=NEW");
    usage(&["convert", "--base", "old.prisma", "--base-history", "old.prisma", "schema.prisma"], "cannot be used with");
    usage(&["convert", "--to", "prisma", "--out", "o", "--base", "old.prisma", "schema.prisma"], "write SQL");
    std::fs::write(dir.path().join("broken.prisma"), "model User {\n  id Int @id\n  email\n}\n").unwrap();
    let out = polymig(&["convert", "--base", "broken.prisma", "schema.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("broken.prisma:3:"), "{}", text(&out.stderr));
}
