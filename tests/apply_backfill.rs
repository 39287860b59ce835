//! Batched, resumable backfills (`polymig backfill`, `polymig::apply::backfill`) on real SQLite,
//! PostgreSQL and MariaDB: every row updated exactly once, across batches, parallel jobs, a re-run
//! and a process killed half-way (with a concurrent writer on PostgreSQL, 1,000,000 rows).

mod apply_support;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use apply_support::{TestDb, block_on, polymig, show};
use polymig::apply::DbUrl;
use polymig::apply::backfill::{BackfillOptions, adhoc_id, backfill};
use polymig::ir::{Assignment, Backfill, QName, SqlDialect};

/// `items(id, counter, grp)` with `n` rows, `counter` 0.
fn items(db: &TestDb, n: usize) {
    let id = match db.dialect {
        SqlDialect::Postgres => "id bigserial PRIMARY KEY",
        SqlDialect::Mysql => "id bigint AUTO_INCREMENT PRIMARY KEY",
        SqlDialect::Sqlite => "id integer PRIMARY KEY",
    };
    db.exec(&format!("CREATE TABLE items ({id}, counter int NOT NULL DEFAULT 0, grp varchar(10))"));
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let values: Vec<String> = chunk.iter().map(|i| format!("('g{}')", i % 7)).collect();
        db.exec(&format!("INSERT INTO items (grp) VALUES {}", values.join(", ")));
    }
}

fn bump(filter: Option<&str>, batch: u32) -> Backfill {
    let mut b =
        Backfill::new(QName::new("items"), vec![Assignment { column: "counter".into(), value: "counter + 1".into() }]);
    b.filter = filter.map(str::to_string);
    b.batch_size = batch;
    b
}

fn run(db: &TestDb, b: &Backfill, jobs: u32) -> polymig::apply::backfill::BackfillReport {
    let url = DbUrl::parse(&db.url).expect("url");
    let (b, opts) = (b.clone(), BackfillOptions { jobs, ..BackfillOptions::default() });
    block_on(async move {
        let seen = std::sync::Mutex::new(0u64);
        let r = backfill(&url, &b, &adhoc_id(&b), &opts, &|p| *seen.lock().unwrap() += p.batch_rows).await;
        let r = r.unwrap_or_else(|e| panic!("backfill failed: {e}"));
        assert_eq!(r.rows, *seen.lock().unwrap(), "progress events add up to the report");
        r
    })
}

#[test]
fn every_row_is_updated_once_in_batches_and_a_rerun_does_nothing() {
    for db in TestDb::all() {
        items(&db, 5000);
        let b = bump(None, 700);
        let r = run(&db, &b, 1);
        assert_eq!((r.rows, r.resumed), (5000, false), "{:?}", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE counter = 1"), 5000, "{:?}", db.dialect);
        let again = run(&db, &b, 1);
        assert_eq!((again.rows, again.resumed), (0, true), "{:?}", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE counter <> 1"), 0);
        assert_eq!(db.int("SELECT COUNT(*) FROM polymig_migrations_backfills WHERE finished = TRUE"), 1);
        // A filtered backfill split between three connections.
        let r = run(&db, &bump(Some("grp = 'g3'"), 100), 3);
        let g3 = db.int("SELECT COUNT(*) FROM items WHERE grp = 'g3'");
        assert_eq!((r.rows as i64, r.jobs), (g3, 3), "{:?}", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE grp = 'g3' AND counter = 2"), g3);
        assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE grp <> 'g3' AND counter = 1"), 5000 - g3);
    }
}

#[test]
fn the_cli_runs_the_backfill_directives_of_a_history_after_apply() {
    for db in TestDb::all() {
        let dir = db.dir.path();
        std::fs::create_dir_all(dir.join("m")).unwrap();
        std::fs::write(
            dir.join("m/0001_items.sql"),
            "CREATE TABLE items (id int PRIMARY KEY, n int, name varchar(20));\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("m/0002_fill.sql"),
            "-- polymig:backfill table=items set=\"n = id * 2\" where=\"n IS NULL\" batch=3\n",
        )
        .unwrap();
        let out = polymig(dir, &["apply", "--db", &db.url, "--from", "sql", "--source-dialect", "postgres", "m"]);
        assert!(out.status.success(), "{}", show(&out));
        let values: Vec<String> = (1..=10).map(|i| format!("({i}, NULL, 'x')")).collect();
        db.exec(&format!("INSERT INTO items VALUES {}", values.join(", ")));
        let out = polymig(dir, &["backfill", "--db", &db.url, "--format", "json", "m"]);
        assert!(out.status.success(), "{}", show(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(stdout.lines().filter(|l| l.contains("\"batch_rows\"")).count(), 4, "{stdout}");
        assert!(stdout.lines().last().unwrap_or("").contains("\"rows\":10"), "{stdout}");
        assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE n = id * 2"), 10);
        assert_eq!(db.int("SELECT COUNT(*) FROM polymig_migrations_backfills WHERE id = '0002:0'"), 1);
    }
}

#[test]
fn bad_backfills_are_one_clear_line() {
    let db = TestDb::sqlite();
    items(&db, 10);
    let out = polymig(db.dir.path(), &["backfill", "--db", &db.url, "--update", "items", "--set", "nope = 1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no column `nope`"), "{}", show(&out));
    db.exec("CREATE TABLE heap (a int, b int)");
    let out = polymig(db.dir.path(), &["backfill", "--db", &db.url, "--update", "heap", "--set", "b = a"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no primary key"), "{}", show(&out));
    let out = polymig(db.dir.path(), &["backfill", "--db", &db.url, "--update", "items", "--set", "counter"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
}

/// The proof: 1,000,000 rows on PostgreSQL, a writer updating and inserting rows through
/// the whole run, the backfill process killed (SIGKILL) half-way and started again: every row that
/// existed at the start is updated exactly once, none twice, and no write failed.
#[test]
fn a_killed_backfill_resumes_and_updates_every_row_exactly_once_under_writes() {
    let Some(db) = TestDb::postgres() else { return };
    db.exec(
        "CREATE TABLE items (id bigserial PRIMARY KEY, counter int NOT NULL DEFAULT 0, payload int NOT NULL DEFAULT 0)",
    );
    db.exec("INSERT INTO items (payload) SELECT 0 FROM generate_series(1, 1000000)");
    let bin = env!("CARGO_BIN_EXE_polymig");
    let args =
        ["backfill", "--db", &db.url, "--update", "items", "--set", "counter = counter + 1", "--batch-size", "5000"];
    let stop = Arc::new(AtomicBool::new(false));
    let (writes, worst) = std::thread::scope(|s| {
        let writer = s.spawn(|| writer(&db.url, stop.clone()));
        // Stops the writer however this closure ends, so a failed assertion cannot hang the scope.
        let _stop = StopOnDrop(stop.clone());
        let mut child = Command::new(bin).args(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
        let t0 = Instant::now();
        let done = || {
            if !db.table_exists("polymig_migrations_backfills") {
                return 0;
            }
            db.int("SELECT COALESCE(MAX(rows_done), 0) FROM polymig_migrations_backfills")
        };
        while done() < 200_000 {
            assert!(t0.elapsed() < Duration::from_secs(300), "the backfill made no progress");
            std::thread::sleep(Duration::from_millis(50));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let done = db.int("SELECT MAX(rows_done) FROM polymig_migrations_backfills");
        assert!(done < 1_000_000, "the kill came too late to interrupt anything ({done} rows done)");
        let out = Command::new(bin).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("(resumed)"), "{}", String::from_utf8_lossy(&out.stdout));
        stop.store(true, Ordering::Relaxed);
        writer.join().unwrap()
    });
    assert!(writes > 0, "the writer never wrote");
    assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE id <= 1000000 AND counter <> 1"), 0, "rows missed or doubled");
    assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE counter > 1"), 0);
    let recorded = db.int("SELECT MAX(rows_done) FROM polymig_migrations_backfills");
    assert_eq!(recorded, db.int("SELECT COUNT(*) FROM items WHERE counter = 1"), "checkpoint and table agree");
    eprintln!("writer: {writes} writes, worst latency {worst:?}");
}

struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Update random existing rows and insert new ones until `stop`; (writes, worst latency). Panics on
/// a failed write.
fn writer(url: &str, stop: Arc<AtomicBool>) -> (u64, Duration) {
    use sqlx::Connection;
    block_on({
        let url = url.to_string();
        async move {
            let mut c = sqlx::PgConnection::connect(&url).await.expect("writer connects");
            let (mut n, mut worst, mut x) = (0u64, Duration::ZERO, 12345u64);
            while !stop.load(Ordering::Relaxed) {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let id = (x >> 33) % 1_000_000 + 1;
                let t = Instant::now();
                let sql = if n % 10 == 0 {
                    "INSERT INTO items (payload) VALUES (1)".to_string()
                } else {
                    format!("UPDATE items SET payload = payload + 1 WHERE id = {id}")
                };
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql)).execute(&mut c).await.expect("a write failed");
                worst = worst.max(t.elapsed());
                n += 1;
            }
            (n, worst)
        }
    })
}

/// Holds a row lock on `items` row `id` from its own connection for `hold`; returns once taken.
fn hold_row_lock(db: &TestDb, id: i64, hold: Duration) -> std::thread::JoinHandle<()> {
    let (url, dialect) = (db.url.clone(), db.dialect);
    let (taken, wait) = std::sync::mpsc::channel();
    let handle = std::thread::spawn(move || {
        block_on(async move {
            use sqlx::{Connection, Executor};
            let lock = sqlx::AssertSqlSafe(format!("SELECT id FROM items WHERE id = {id} FOR UPDATE"));
            macro_rules! hold {
                ($conn:ty) => {{
                    let mut c = <$conn>::connect(&url).await.unwrap();
                    c.execute("BEGIN").await.unwrap();
                    c.execute(lock).await.unwrap();
                    taken.send(()).unwrap();
                    tokio::time::sleep(hold).await;
                    c.execute("COMMIT").await.unwrap();
                }};
            }
            match dialect {
                SqlDialect::Postgres => hold!(sqlx::PgConnection),
                SqlDialect::Mysql => hold!(sqlx::MySqlConnection),
                SqlDialect::Sqlite => unreachable!("SQLite has no row locks"),
            }
        })
    });
    wait.recv().unwrap();
    handle
}

#[test]
fn a_batch_that_times_out_on_a_locked_row_is_retried_smaller_and_no_row_is_skipped() {
    // PostgreSQL's lock_timeout takes milliseconds; MySQL's innodb_lock_wait_timeout whole seconds.
    for (db, lock, hold) in [
        (TestDb::postgres(), Duration::from_millis(200), Duration::from_millis(700)),
        (TestDb::mysql(), Duration::from_secs(1), Duration::from_millis(2500)),
    ] {
        let Some(db) = db else { continue };
        items(&db, 3000);
        let holder = hold_row_lock(&db, 1500, hold);
        let url = DbUrl::parse(&db.url).expect("url");
        let b = bump(None, 1000);
        let mut opts = BackfillOptions::default();
        opts.timeouts.lock = lock;
        let (report, smallest) = block_on(async move {
            let smallest = std::sync::Mutex::new(u32::MAX);
            let r = backfill(&url, &b, &adhoc_id(&b), &opts, &|p| {
                let mut s = smallest.lock().unwrap();
                *s = (*s).min(p.batch_size);
            })
            .await;
            (r.unwrap_or_else(|e| panic!("backfill failed: {e}")), smallest.into_inner().unwrap())
        });
        holder.join().unwrap();
        assert_eq!(report.rows, 3000, "{:?}", db.dialect);
        assert!(smallest <= 500, "the batch that timed out was retried halved: {smallest} ({:?})", db.dialect);
        assert_eq!(db.int("SELECT COUNT(*) FROM items WHERE counter = 1"), 3000, "{:?}", db.dialect);
    }
}
