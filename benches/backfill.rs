//! A backfill under load: `polymig backfill` (keyset batches of 1,000 rows, each in its own
//! short transaction with a checkpoint) against the same change as one `UPDATE`, on PostgreSQL,
//! while a writer updates random rows one at a time. Prints, for each table size, rows per
//! second and the writer's latency (p50, p99, max) during each run: the single `UPDATE` holds
//! every row lock it takes until it commits, so writers touching those rows wait for it.
//!
//! Run with `cargo bench --bench backfill`. Needs PostgreSQL at `$POLYMIG_BENCH_PG` (default
//! `postgres://postgres@127.0.0.1:5432/test`); a fresh database is created there and dropped
//! afterwards. `$POLYMIG_BENCH_ROWS` sets the larger table size (default 200000; 10000 is
//! always run too, the size pgroll's published 53k rows/s figure is for).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use polymig::apply::DbUrl;
use polymig::apply::backfill::{BackfillOptions, backfill};
use polymig::ir::{Assignment, Backfill, QName};
use sqlx::{Connection, Executor, PgConnection};

/// Latencies of the writer's statements, in microseconds.
struct Writer {
    stop: Arc<AtomicBool>,
    handle: tokio::task::JoinHandle<Vec<u64>>,
}

impl Writer {
    /// Update random rows of `items` one statement at a time until stopped.
    async fn start(url: &str, rows: i64) -> Writer {
        let mut conn = PgConnection::connect(url).await.expect("writer connects");
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
            while !flag.load(Ordering::Relaxed) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let id = (seed % rows as u64) as i64 + 1;
                let t = Instant::now();
                sqlx::query("UPDATE items SET v = v + 1 WHERE id = $1")
                    .bind(id)
                    .execute(&mut conn)
                    .await
                    .expect("writer update");
                lat.push(t.elapsed().as_micros() as u64);
            }
            lat
        });
        Writer { stop, handle }
    }

    async fn finish(self) -> Vec<u64> {
        self.stop.store(true, Ordering::Relaxed);
        let mut lat = self.handle.await.expect("writer task");
        lat.sort_unstable();
        lat
    }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn report(label: &str, rows: u64, took: Duration, lat: &[u64]) {
    println!(
        "{label:<28} {rows:>8} rows {:>8.0} ms {:>9.0} rows/s | writer: {:>6} updates, p50 {:>7.2} ms, p99 {:>8.2} ms, max {:>8.2} ms",
        took.as_secs_f64() * 1000.0,
        rows as f64 / took.as_secs_f64(),
        lat.len(),
        pct(lat, 0.5),
        pct(lat, 0.99),
        lat.last().copied().unwrap_or(0) as f64 / 1000.0
    );
}

async fn prepare(url: &str, rows: i64) {
    let mut c = PgConnection::connect(url).await.expect("connect");
    c.execute("DROP TABLE IF EXISTS items, polymig_migrations_backfills").await.expect("drop");
    c.execute("CREATE TABLE items (id bigserial PRIMARY KEY, v integer NOT NULL, w integer)").await.expect("create");
    sqlx::query("INSERT INTO items (v) SELECT g % 1000 FROM generate_series(1, $1) g")
        .bind(rows)
        .execute(&mut c)
        .await
        .expect("fill");
    c.execute("VACUUM ANALYZE items").await.expect("vacuum");
}

async fn bench(url: &str, rows: i64) {
    let db = DbUrl::parse(url).expect("url");
    let mut b = Backfill::new(QName::new("items"), vec![Assignment { column: "w".into(), value: "v * 2".into() }]);
    b.filter = Some("w IS NULL".into());
    let opts = BackfillOptions { batch_size: Some(1000), pause: Some(Duration::ZERO), ..BackfillOptions::default() };

    prepare(url, rows).await;
    let writer = Writer::start(url, rows).await;
    let t = Instant::now();
    let r = backfill(&db, &b, "bench", &opts, &|_| {}).await.expect("backfill");
    let took = t.elapsed();
    let lat = writer.finish().await;
    assert_eq!(r.rows, rows as u64, "every row backfilled once");
    report("polymig backfill (1000/batch)", r.rows, took, &lat);

    prepare(url, rows).await;
    let writer = Writer::start(url, rows).await;
    let mut c = PgConnection::connect(url).await.expect("connect");
    let t = Instant::now();
    let done = c.execute("UPDATE items SET w = v * 2 WHERE w IS NULL").await.expect("update");
    let took = t.elapsed();
    let lat = writer.finish().await;
    report("single UPDATE", done.rows_affected(), took, &lat);
}

fn main() {
    let server = std::env::var("POLYMIG_BENCH_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let big: i64 = std::env::var("POLYMIG_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(200_000);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let Ok(mut admin) = PgConnection::connect(&server).await else {
            println!(
                "backfill bench skipped: PostgreSQL is not reachable at {}",
                DbUrl::parse(&server).map(|u| u.redacted()).unwrap_or_default()
            );
            return;
        };
        let name = format!("polymig_bench_backfill_{}", std::process::id());
        let create = format!("CREATE DATABASE \"{name}\"");
        sqlx::raw_sql(sqlx::AssertSqlSafe(create)).execute(&mut admin).await.expect("create database");
        let url = format!("{}/{name}", server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b));
        for rows in [10_000, big] {
            println!("-- {rows} rows on PostgreSQL, a writer updating random rows throughout");
            bench(&url, rows).await;
        }
        let drop = format!("DROP DATABASE \"{name}\" WITH (FORCE)");
        sqlx::raw_sql(sqlx::AssertSqlSafe(drop)).execute(&mut admin).await.expect("drop database");
    });
}
