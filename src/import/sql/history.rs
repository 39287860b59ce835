//! Files and folders → an ordered history of migrations.
//!
//! Folders are walked recursively (hidden entries skipped) and every file is classified by
//! [`layout::classify`]; up and down files of one version in one migrations folder are paired
//! (a version used twice in one folder is an error; separate folders may reuse versions);
//! migrations are sorted by version (then folder) and read in that order, so an enum created in
//! one migration is known to the next.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::SqlImportOptions;
use super::context::Context;
use super::detect_dialect::detect_dialect;
use super::dialect::Flavor;
use super::layout::{self, Entry, Kind, Role, Version};
use super::read::decode;
use super::script::Source;
use super::sections::sections;
use crate::diagnostics::{Diagnostic, Severity};
use crate::ir::{Migration, Span, SqlDialect};

/// The up files and down files of one version in one migrations folder.
type Pair = (Vec<Entry>, Vec<Entry>);

/// Read `paths` into a history sorted by version, with diagnostics not tied to one migration.
pub(crate) fn import(paths: &[PathBuf], opts: &SqlImportOptions) -> (Vec<Migration>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut entries = collect(paths, &mut diagnostics);
    // The same file reached twice (named and inside a named folder) is one migration.
    let mut seen = std::collections::BTreeSet::new();
    entries.retain(|e| seen.insert(std::fs::canonicalize(&e.path).unwrap_or_else(|_| e.path.clone())));
    let mut by_version: BTreeMap<Version, BTreeMap<PathBuf, Pair>> = BTreeMap::new();
    for e in entries {
        let slot = by_version.entry(e.version.clone()).or_default().entry(e.folder.clone()).or_default();
        match e.role {
            Role::Up => slot.0.push(e),
            Role::Down => slot.1.push(e),
        }
    }
    let mut ctx = Context::default();
    let mut migrations = Vec::new();
    for (version, folders) in by_version {
        for (ups, downs) in folders.values() {
            check_pairs(&version, ups, downs, &mut diagnostics);
            for up in ups {
                if let Some(m) = migration(up, downs.first(), opts, &mut ctx, &mut diagnostics) {
                    migrations.push(m);
                }
            }
        }
    }
    (migrations, diagnostics)
}

/// Duplicate versions within one migrations folder are errors; a down file without its up file
/// is a warning.
fn check_pairs(version: &Version, ups: &[Entry], downs: &[Entry], diagnostics: &mut Vec<Diagnostic>) {
    for duplicates in [ups, downs] {
        if duplicates.len() > 1 {
            let files: Vec<String> = duplicates.iter().map(|e| display(&e.path)).collect();
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-version",
                    format!("version {} is used by {}", version.text, files.join(", ")),
                )
                .at(Span::file(files[0].clone()))
                .help("give each migration its own version"),
            );
        }
    }
    if ups.is_empty() {
        for down in downs {
            diagnostics.push(
                Diagnostic::warning("orphan-down-migration", format!("no up migration for version {}", version.text))
                    .at(Span::file(display(&down.path))),
            );
        }
    }
}

/// Every migration file under `paths`, with diagnostics for what was skipped.
fn collect(paths: &[PathBuf], diagnostics: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    for root in paths {
        if root.is_file() {
            match layout::classify(root, true) {
                Kind::Migration(e) => entries.push(e),
                Kind::Repeatable => diagnostics.push(repeatable(root)),
                Kind::Other => diagnostics.push(
                    Diagnostic::warning("sql-file-ignored", "not a .sql file; ignored").at(Span::file(display(root))),
                ),
            }
            continue;
        }
        if !root.is_dir() {
            diagnostics.push(
                Diagnostic::error("path-not-found", format!("{} does not exist", display(root)))
                    .at(Span::file(display(root))),
            );
            continue;
        }
        let walk = walkdir::WalkDir::new(root).sort_by_file_name().into_iter();
        for item in walk.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')) {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    diagnostics.push(Diagnostic::error("read-failed", e.to_string()));
                    continue;
                }
            };
            if !item.file_type().is_file() {
                continue;
            }
            let path = item.path();
            match layout::classify(path, false) {
                Kind::Migration(e) => entries.push(e),
                Kind::Repeatable => diagnostics.push(repeatable(path)),
                Kind::Other if path.extension().is_some_and(|x| x == "sql") => diagnostics.push(
                    Diagnostic::new(
                        Severity::Info,
                        "sql-file-ignored",
                        "not a migration file of a known layout; ignored",
                    )
                    .at(Span::file(display(path)))
                    .help("name it like 0001_name.sql, V1__name.sql or 0001_name.up.sql, or pass it explicitly"),
                ),
                Kind::Other => {}
            }
        }
    }
    entries
}

fn repeatable(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        "repeatable-migration-ignored",
        "Flyway repeatable migrations (R__) have no version; not imported",
    )
    .at(Span::file(display(path)))
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Read one migration (and its down file); `None` when the up file cannot be read as text.
fn migration(
    up: &Entry,
    down_file: Option<&Entry>,
    opts: &SqlImportOptions,
    ctx: &mut Context,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Migration> {
    let file = display(&up.path);
    let text = read(&up.path, diagnostics)?;
    let down_text = down_file.and_then(|d| read(&d.path, diagnostics).map(|t| (display(&d.path), t)));
    let dialect = opts.dialect.unwrap_or_else(|| {
        let sample = if text.trim().is_empty() { down_text.as_ref().map_or("", |d| d.1.as_str()) } else { &text };
        detect_dialect(sample)
    });
    let flavor = Flavor::of(dialect);
    let found = sections(&text);
    let source = Source::new(&file, &text, flavor);
    let mut down_ctx = ctx.clone();
    let parsed = source.parse(found.up.clone(), ctx);
    let mut m = Migration::new(up.version.text.clone(), up.name.clone());
    m.source = Some(file.clone());
    m.transactional = !found.no_transaction;
    m.up = parsed.ops;
    m.diagnostics = parsed.diagnostics;
    if m.up.is_empty() {
        m.diagnostics.push(
            Diagnostic::warning("empty-migration", "migration has no statements")
                .at(Span::file(file.clone()))
                .help("remove the file or add its statements"),
        );
    }
    let down = match (&down_text, found.down) {
        (Some((down_file, down_text)), _) => Some(parse_down(down_file, down_text, dialect, &mut down_ctx)),
        (None, Some(range)) => Some(source.parse(range, &mut down_ctx)),
        (None, None) => None,
    };
    if let Some(down) = down {
        m.down = Some(down.ops);
        m.diagnostics.extend(down.diagnostics);
    }
    Some(m)
}

fn parse_down(file: &str, text: &str, dialect: SqlDialect, ctx: &mut Context) -> super::script::Parsed {
    Source::new(file, text, Flavor::of(dialect)).parse(0..text.len(), ctx)
}

fn read(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let file = display(path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(Diagnostic::error("read-failed", format!("cannot read {file}: {e}")).at(Span::file(file)));
            return None;
        }
    };
    match decode(&bytes, &file) {
        Ok(text) => Some(text),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{DataType, Op, Operation, QName};
    use pretty_assertions::assert_eq;
    use std::fs;

    fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, body) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, body).unwrap();
        }
        dir
    }

    fn run(dir: &tempfile::TempDir) -> (Vec<Migration>, Vec<Diagnostic>) {
        import(&[dir.path().to_path_buf()], &SqlImportOptions::default())
    }

    fn ids(ms: &[Migration]) -> Vec<(String, String)> {
        ms.iter().map(|m| (m.id.clone(), m.name.clone())).collect()
    }

    fn kinds(ops: &[Op]) -> Vec<&'static str> {
        ops.iter().map(|o| o.kind.name()).collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn numbered_files_sort_by_number_and_other_files_are_ignored() {
        let dir = tree(&[
            ("10_c.sql", b"DROP TABLE b;"),
            ("2_b.sql", b"CREATE TABLE b (x int);"),
            ("1_a.sql", b"CREATE TABLE a (x int);"),
            ("README.md", b"# notes"),
            ("seed.sql", b"INSERT INTO a VALUES (1);"),
            (".hidden/3_x.sql", b"SELECT 1;"),
        ]);
        let (ms, diags) = run(&dir);
        assert_eq!(ids(&ms), pairs(&[("1", "a"), ("2", "b"), ("10", "c")]));
        assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["sql-file-ignored"]);
        let again = import(&[dir.path().to_path_buf(), dir.path().join("2_b.sql")], &SqlImportOptions::default());
        assert_eq!(ids(&again.0), ids(&ms));
        assert!(ms.iter().all(|m| m.transactional && m.down.is_none() && m.diagnostics.is_empty()));
        assert!(ms[0].source.as_deref().unwrap().ends_with("1_a.sql"));
    }

    #[test]
    fn up_down_pairs_give_an_explicit_down() {
        let dir = tree(&[
            ("000001_init.up.sql", b"CREATE TABLE a (x int);"),
            ("000001_init.down.sql", b"DROP TABLE a;"),
            ("000002_more.up.sql", b"ALTER TABLE a ADD y int;"),
            ("000003_gone.down.sql", b"SELECT 1;"),
        ]);
        let (ms, diags) = run(&dir);
        assert_eq!(ids(&ms), pairs(&[("000001", "init"), ("000002", "more")]));
        assert_eq!(kinds(ms[0].down.as_ref().unwrap()), ["DropTable"]);
        assert_eq!(ms[0].down.as_ref().unwrap()[0].span.file, display(&dir.path().join("000001_init.down.sql")));
        assert_eq!(ms[1].down, None);
        assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["orphan-down-migration"]);
    }

    #[test]
    fn dbmate_sections_and_transaction_markers() {
        let dir = tree(&[
            ("20240101120000_init.sql", b"-- migrate:up\r\nCREATE TABLE a (x int);\r\n\r\n-- migrate:down\r\nDROP TABLE a;\r\n"),
            (
                "20240102000000_idx.sql",
                b"-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (x);\n-- migrate:down\nDROP INDEX i;\n",
            ),
            ("20240103000000_raw.sql", b"-- polymig:no-transaction\nVACUUM a;\n"),
        ]);
        let (ms, _) = run(&dir);
        assert_eq!(kinds(&ms[0].up), ["CreateTable"]);
        assert_eq!(kinds(ms[0].down.as_ref().unwrap()), ["DropTable"]);
        assert_eq!((ms[0].down.as_ref().unwrap()[0].span.line, ms[0].transactional), (5, true));
        assert!(!ms[1].transactional);
        assert!(!ms[2].transactional);
    }

    #[test]
    fn flyway_versions_undo_and_duplicates() {
        let dir = tree(&[
            ("V1__init.sql", b"CREATE TABLE a (x int);"),
            ("V1_10__ten.sql", b"SELECT 10;"),
            ("V1.2__two.sql", b"SELECT 2;"),
            ("U1.2__two.sql", b"SELECT -2;"),
            ("R__views.sql", b"SELECT 0;"),
        ]);
        let (ms, diags) = run(&dir);
        assert_eq!(ids(&ms), pairs(&[("1", "init"), ("1.2", "two"), ("1.10", "ten")]));
        assert_eq!(ms[1].down.as_ref().map(Vec::len), Some(1));
        assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["repeatable-migration-ignored"]);
        let dir = tree(&[("V1_2__a.sql", b"SELECT 1;"), ("V1.2__b.sql", b"SELECT 2;")]);
        let (ms, diags) = run(&dir);
        assert_eq!(ms.len(), 2);
        assert!(diags.iter().any(|d| d.code == "duplicate-version" && d.is_error()));
        let dir = tree(&[("a/1_x.sql", b"SELECT 1;"), ("b/1_y.sql", b"SELECT 2;"), ("b/2_z.sql", b"SELECT 3;")]);
        let (ms, diags) = run(&dir);
        assert_eq!(ids(&ms), pairs(&[("1", "x"), ("1", "y"), ("2", "z")]));
        assert!(diags.is_empty(), "separate folders may reuse versions: {diags:?}");
    }

    #[test]
    fn prisma_migration_folders() {
        let dir = tree(&[
            ("migrations/20240102000000_add_email/migration.sql", b"ALTER TABLE \"User\" ADD COLUMN \"email\" TEXT;"),
            ("migrations/20240101000000_init/migration.sql", b"CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL);"),
            ("migrations/migration_lock.toml", b"provider = \"postgresql\""),
            ("migrations/20240101000000_again/migration.sql", b"SELECT 1;"),
        ]);
        let (ms, diags) = run(&dir);
        assert_eq!(
            ids(&ms),
            pairs(&[("20240101000000", "again"), ("20240101000000", "init"), ("20240102000000", "add_email")])
        );
        assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["duplicate-version"]);
        let Operation::CreateTable(t) = &ms[1].up[0].kind else { panic!() };
        assert_eq!(t.table, QName::new("User"));
    }

    #[test]
    fn unreadable_files_are_errors_and_the_others_still_import() {
        let dir = tree(&[
            ("1_ok.sql", b"SELECT 1;"),
            ("2_latin1.sql", b"SELECT 1;\nSELECT 'caf\xE9';"),
            ("3_binary.sql", b"SQLite format 3\0"),
            ("4_empty.sql", b""),
        ]);
        let (ms, diags) = run(&dir);
        assert_eq!(ids(&ms), pairs(&[("1", "ok"), ("4", "empty")]));
        let codes: Vec<_> =
            diags.iter().map(|d| (d.code.as_str(), d.span.as_ref().map(|s| (s.line, s.column)))).collect();
        assert_eq!(codes, [("invalid-utf8", Some((2, 12))), ("binary-file", Some((1, 16)))]);
        assert!(ms[1].up.is_empty());
        assert_eq!(ms[1].diagnostics[0].code, "empty-migration");
    }

    #[test]
    fn explicit_files_and_per_file_dialects() {
        let dir = tree(&[
            ("schema.sql", b"CREATE TABLE `t` (id int AUTO_INCREMENT PRIMARY KEY);"),
            ("7_lite.sql", b"CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);"),
        ]);
        let paths = [dir.path().join("schema.sql"), dir.path().join("7_lite.sql")];
        let (ms, diags) = import(&paths, &SqlImportOptions::default());
        assert!(diags.is_empty());
        assert_eq!(ids(&ms), pairs(&[("7", "lite"), ("schema", "schema")]));
        let dialect = |m: &Migration| match &m.up[0].kind {
            Operation::CreateTable(t) => t.columns[0].auto_increment.is_some(),
            _ => false,
        };
        assert!(ms.iter().all(dialect));
        let (_, diags) = import(&[dir.path().join("missing")], &SqlImportOptions::default());
        assert_eq!(diags[0].code, "path-not-found");
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let (ms, diags) = import(&[dir.path().join("notes.txt")], &SqlImportOptions::default());
        assert_eq!((ms.len(), diags[0].code.as_str()), (0, "sql-file-ignored"));
    }

    #[test]
    fn enums_are_known_across_migrations() {
        let dir = tree(&[
            ("1_type.sql", b"CREATE TYPE mood AS ENUM ('a', 'b');"),
            ("2_table.sql", b"CREATE TABLE t (m mood);"),
        ]);
        let opts = SqlImportOptions { dialect: Some(SqlDialect::Postgres) };
        let (ms, _) = import(&[dir.path().to_path_buf()], &opts);
        let Operation::CreateTable(t) = &ms[1].up[0].kind else { panic!() };
        assert_eq!(t.columns[0].data_type, DataType::Enum { name: Some(QName::new("mood")), values: vec![] });
    }

    #[test]
    fn spans_in_crlf_files_with_a_bom() {
        let dir = tree(&[("1_x.sql", b"\xEF\xBB\xBF-- c\r\nCREATE TABLE a (x int);\r\n\r\n  DROP TABLE a;\r\n")]);
        let (ms, _) = run(&dir);
        let at: Vec<_> = ms[0].up.iter().map(|o| (o.span.line, o.span.column)).collect();
        assert_eq!(at, [(2, 1), (4, 3)]);
    }
}
