//! Applying 1,000 small migrations: polymig's runner (one transaction and one history row per
//! migration, lock, checksums) against the database's own client running the same SQL as one
//! script (`sqlite3 <`, `psql -f`, `mysql <`). Prints both times and their ratio (aim: 1.5×).
//!
//! Run with `cargo bench --bench apply`. SQLite always; PostgreSQL and MariaDB when reachable at
//! `$POLYMIG_BENCH_PG` (default `postgres://postgres@127.0.0.1:5432/test`) and
//! `$POLYMIG_BENCH_MYSQL` (default `mysql://root@127.0.0.1:3306/test`): each run gets a fresh
//! database created on that server and dropped afterwards. `$POLYMIG_BENCH_MIGRATIONS` changes
//! the count.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use polymig::apply::{ApplyOptions, DbUrl, apply, build_units};
use polymig::import::sql::{SqlImportOptions, import_paths};
use polymig::ir::{Migration, SqlDialect};

/// Migration `i`: a small table, or a column added to the previous one.
fn migration_sql(i: usize) -> String {
    let t = format!("bench_{}", i / 2);
    if i.is_multiple_of(2) {
        format!("CREATE TABLE {t} (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n")
    } else {
        format!("ALTER TABLE {t} ADD COLUMN note varchar(20);\n")
    }
}

fn history(dir: &Path, n: usize) -> Vec<Migration> {
    for i in 0..n {
        std::fs::write(dir.join(format!("{:05}_step_{i}.sql", i + 1)), migration_sql(i)).expect("write migration");
    }
    let (ms, diags) = import_paths(&[dir.to_path_buf()], &SqlImportOptions { dialect: Some(SqlDialect::Postgres) });
    assert!(diags.iter().all(|d| !d.is_error()), "generated history imports: {:?}", diags.first());
    assert_eq!(ms.len(), n);
    ms
}

/// Run a client, feeding `stdin` from a file when given; true when it succeeded.
fn run(cmd: &mut Command, stdin: Option<&Path>) -> bool {
    if let Some(p) = stdin {
        cmd.stdin(std::fs::File::open(p).expect("open script"));
    }
    match cmd.stdout(Stdio::null()).stderr(Stdio::piped()).output() {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!("{}", String::from_utf8_lossy(&o.stderr).lines().next().unwrap_or(""));
            false
        }
        Err(e) => {
            eprintln!("{e}");
            false
        }
    }
}

/// A database server the bench can create throw-away databases on.
trait Server {
    fn dialect(&self) -> SqlDialect;
    /// A fresh empty database: its URL.
    fn create(&self, name: &str) -> Option<String>;
    /// Run `script` on the database `url` with the server's own client.
    fn run_script(&self, url: &str, name: &str, script: &Path) -> bool;
    fn drop(&self, name: &str);
}

struct Sqlite(tempfile::TempDir);

impl Server for Sqlite {
    fn dialect(&self) -> SqlDialect {
        SqlDialect::Sqlite
    }
    fn create(&self, name: &str) -> Option<String> {
        Some(format!("sqlite:{}?mode=rwc", self.0.path().join(format!("{name}.db")).display()))
    }
    fn run_script(&self, _: &str, name: &str, script: &Path) -> bool {
        run(Command::new("sqlite3").arg(self.0.path().join(format!("{name}.db"))), Some(script))
    }
    fn drop(&self, _: &str) {}
}

/// PostgreSQL reached through `psql` with the server URL (its database is the admin one).
struct Postgres(String);

impl Postgres {
    fn url(&self, db: &str) -> String {
        let base = self.0.rsplit_once('/').map_or(self.0.as_str(), |(b, _)| b);
        format!("{base}/{db}")
    }
}

impl Server for Postgres {
    fn dialect(&self) -> SqlDialect {
        SqlDialect::Postgres
    }
    fn create(&self, name: &str) -> Option<String> {
        self.drop(name);
        let sql = format!("CREATE DATABASE {name}");
        run(Command::new("psql").args(["-q", "-d", &self.0, "-c", &sql]), None).then(|| self.url(name))
    }
    fn run_script(&self, url: &str, _: &str, script: &Path) -> bool {
        run(Command::new("psql").args(["-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f"]).arg(script), None)
    }
    fn drop(&self, name: &str) {
        run(Command::new("psql").args(["-q", "-d", &self.0, "-c", &format!("DROP DATABASE IF EXISTS {name}")]), None);
    }
}

/// MySQL/MariaDB reached through `mysql` (host, port and user from the URL; no password).
struct Mysql(String);

impl Mysql {
    fn client(&self) -> Command {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        let auth_host = rest.split('/').next().unwrap_or("");
        let (user, host) = auth_host.rsplit_once('@').unwrap_or(("root", auth_host));
        let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
        let mut cmd = Command::new("mysql");
        cmd.args(["-h", host, "-P", port, "-u", user.split(':').next().unwrap_or("root")]);
        cmd
    }
    fn url(&self, db: &str) -> String {
        let base = self.0.rsplit_once('/').map_or(self.0.as_str(), |(b, _)| b);
        format!("{base}/{db}")
    }
}

impl Server for Mysql {
    fn dialect(&self) -> SqlDialect {
        SqlDialect::Mysql
    }
    fn create(&self, name: &str) -> Option<String> {
        self.drop(name);
        run(self.client().args(["-e", &format!("CREATE DATABASE {name}")]), None).then(|| self.url(name))
    }
    fn run_script(&self, _: &str, name: &str, script: &Path) -> bool {
        run(self.client().arg(name), Some(script))
    }
    fn drop(&self, name: &str) {
        run(self.client().args(["-e", &format!("DROP DATABASE IF EXISTS {name}")]), None);
    }
}

fn bench(server: &dyn Server, history: &[Migration], dir: &Path) {
    let dialect = server.dialect();
    let units = build_units(history, dialect, false);
    let script = dir.join(format!("{dialect}.sql"));
    let sql: String = units.iter().flat_map(|u| &u.up).map(|s| format!("{}\n", s.sql)).collect();
    std::fs::write(&script, sql).expect("write script");

    let Some(url) = server.create("polymig_bench_client") else {
        println!("{dialect:<10} skipped: server not reachable");
        return;
    };
    let start = Instant::now();
    let ok = server.run_script(&url, "polymig_bench_client", &script);
    let client = start.elapsed();
    server.drop("polymig_bench_client");
    assert!(ok, "{dialect}: the client failed on the script");

    let url = server.create("polymig_bench_runner").expect("create database");
    let db = DbUrl::parse(&url).expect("database URL");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let start = Instant::now();
    let report = rt.block_on(apply(&db, &units, &ApplyOptions::default(), &mut |_| {}));
    let runner = start.elapsed();
    server.drop("polymig_bench_runner");
    let report = report.unwrap_or_else(|e| panic!("{dialect}: polymig apply failed: {e}"));
    assert_eq!(report.events.len(), history.len());
    print_row(dialect, history.len(), runner, client);
}

fn print_row(dialect: SqlDialect, n: usize, runner: Duration, client: Duration) {
    println!(
        "{:<10} {n} migrations: polymig apply {:>8.3} s, client script {:>8.3} s, ratio {:.2}x",
        dialect.as_str(),
        runner.as_secs_f64(),
        client.as_secs_f64(),
        runner.as_secs_f64() / client.as_secs_f64()
    );
}

fn main() {
    let n: usize = std::env::var("POLYMIG_BENCH_MIGRATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("migrations");
    std::fs::create_dir(&src).expect("migrations dir");
    let history = history(&src, n);
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let servers: Vec<Box<dyn Server>> = vec![
        Box::new(Sqlite(tempfile::tempdir().expect("temp dir"))),
        Box::new(Postgres(env("POLYMIG_BENCH_PG", "postgres://postgres@127.0.0.1:5432/test"))),
        Box::new(Mysql(env("POLYMIG_BENCH_MYSQL", "mysql://root@127.0.0.1:3306/test"))),
    ];
    for server in &servers {
        bench(server.as_ref(), &history, dir.path());
    }
}
