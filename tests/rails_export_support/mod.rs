//! Shared by the Rails export tests: the IR histories they export (corpus cases imported by the
//! SQL and Alembic importers) and a driver that runs Rails migration directories with the real
//! ActiveRecord (`$POLYMIG_RUBY`, Debian's 6.1) on databases given by URL.
//!
//! The driver is one Ruby process per database kind for all cases: it reads `<dir>\t<url>` lines,
//! runs each directory's migrations through `ActiveRecord::MigrationContext` and prints
//! `ok <dir>` or `fail <dir>\t<error>` per line. When Ruby or ActiveRecord is missing the tests
//! fail in CI (`CI` set) and are skipped elsewhere with the reason printed.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use polymig::import::{Format, ImportOptions, load};
use polymig::ir::{Migration, SqlDialect};

/// One exported history: a name, where it comes from, and how to import it.
#[derive(Debug, Clone)]
pub struct Case {
    /// `sql/app_blog`, `alembic/create_tables`.
    pub name: String,
    /// The input path.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The dialect SQL input is written in.
    pub source: Option<SqlDialect>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `corpus/sql/<name>` (its `input.sql` or `input/`), with the source dialect from `case.json`.
pub fn sql_case(name: &str) -> Case {
    let dir = root().join("corpus/sql").join(name);
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).expect("case.json")).expect("json");
    let source = spec["source"].as_str().and_then(|s| s.parse().ok());
    let input = if dir.join("input").is_dir() { dir.join("input") } else { dir.join("input.sql") };
    Case { name: format!("sql/{name}"), path: input, format: Format::Sql, source }
}

/// `corpus/alembic/<name>/versions`.
pub fn alembic_case(name: &str) -> Case {
    let path = root().join("corpus/alembic").join(name).join("versions");
    Case { name: format!("alembic/{name}"), path, format: Format::Alembic, source: None }
}

/// `corpus/rails/<name>/db/migrate`.
pub fn rails_case(name: &str) -> Case {
    let path = root().join("corpus/rails").join(name).join("db/migrate");
    Case { name: format!("rails/{name}"), path, format: Format::Rails, source: None }
}

impl Case {
    /// The history, imported for `target` (`None`: dialect branches kept).
    pub fn import(&self, target: Option<SqlDialect>) -> Vec<Migration> {
        let opts =
            ImportOptions { format: Some(self.format), source_dialect: self.source, target, ..Default::default() };
        let (ms, diags) = load(std::slice::from_ref(&self.path), &opts);
        assert!(!diags.iter().any(|d| d.is_error()), "{}: import errors: {diags:?}", self.name);
        ms
    }
}

/// The Ruby driver (written to a temporary file for each run).
const DRIVER: &str = r#"
require "active_record"
ActiveRecord::Migration.verbose = false
$stdout.sync = true
$stdin.each_line do |line|
  dir, url = line.chomp.split("\t", 2)
  known = Object.constants
  begin
    ActiveRecord::Base.establish_connection(url)
    conn = ActiveRecord::Base.connection
    if dir.end_with?(".rb")
      load dir
    else
      ActiveRecord::MigrationContext.new([dir], conn.schema_migration).migrate
    end
    puts "ok #{dir}"
  rescue StandardError, NotImplementedError => e
    root = e
    root = root.cause while root.cause
    puts "fail #{dir}\t#{root.class}: #{root.message.gsub(/\s+/, " ").strip}"
  ensure
    ActiveRecord::Base.remove_connection
    # Forget this run's migration classes: a later run's file with the same class name would
    # otherwise reopen the old class and run its `change` instead of its own `up`.
    (Object.constants - known).each do |name|
      klass = Object.const_get(name) rescue nil
      Object.send(:remove_const, name) if klass.is_a?(Class) && klass < ActiveRecord::Migration
    end
  end
end
"#;

/// `$POLYMIG_RUBY` (default `ruby`) when it loads ActiveRecord and the adapters' drivers.
pub fn ruby() -> Option<String> {
    let ruby = std::env::var("POLYMIG_RUBY").unwrap_or_else(|_| "ruby".to_string());
    let probe =
        "require 'active_record'; require 'pg'; require 'mysql2'; require 'sqlite3'; print ActiveRecord.version";
    let reason = match Command::new(&ruby).args(["-e", probe]).output() {
        Ok(out) if out.status.success() => {
            eprintln!("activerecord {}", String::from_utf8_lossy(&out.stdout));
            return Some(ruby);
        }
        Ok(out) => String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string(),
        Err(e) => e.to_string(),
    };
    let msg = format!(
        "{ruby} cannot load ActiveRecord with pg, mysql2 and sqlite3 ({reason}); install them with \
         `apt-get install ruby ruby-activerecord ruby-pg ruby-sqlite3 ruby-mysql2` or set POLYMIG_RUBY"
    );
    if std::env::var_os("CI").is_some() {
        panic!("{msg}; CI is set, so the tests against the real ActiveRecord must not be skipped");
    }
    eprintln!("skipping: {msg}");
    None
}

/// The URL ActiveRecord understands for a test database URL (`mysql://` → `mysql2://`,
/// `sqlite:///path` → `sqlite3:/path`).
pub fn activerecord_url(url: &str) -> String {
    if let Some(rest) = url.strip_prefix("mysql://") {
        format!("mysql2://{rest}")
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        format!("sqlite3:{path}")
    } else {
        url.to_string()
    }
}

/// Run each `(migrations dir, database url)` with ActiveRecord in one Ruby process; the error
/// text per directory that failed.
pub fn migrate_all(ruby: &str, runs: &[(PathBuf, String)]) -> BTreeMap<PathBuf, Result<(), String>> {
    let script = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(script.path(), DRIVER).expect("write driver");
    let mut child = Command::new(ruby)
        .arg(script.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run ruby");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        for (dir, url) in runs {
            writeln!(stdin, "{}\t{}", dir.display(), activerecord_url(url)).expect("write to ruby");
        }
    }
    let out = child.wait_with_output().expect("ruby output");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut results: BTreeMap<PathBuf, Result<(), String>> = BTreeMap::new();
    for line in stdout.lines() {
        if let Some(dir) = line.strip_prefix("ok ") {
            results.insert(PathBuf::from(dir), Ok(()));
        } else if let Some(rest) = line.strip_prefix("fail ") {
            let (dir, err) = rest.split_once('\t').unwrap_or((rest, ""));
            results.insert(PathBuf::from(dir), Err(err.to_string()));
        }
    }
    for (dir, _) in runs {
        results.entry(dir.clone()).or_insert_with(|| {
            Err(format!("the Ruby driver stopped before this run: {}", String::from_utf8_lossy(&out.stderr)))
        });
    }
    results
}

/// `dir/db/migrate`.
pub fn migrate_dir(dir: &Path) -> PathBuf {
    dir.join("db/migrate")
}
