//! `polymig plan --zero-downtime` recipes on a real PostgreSQL: expand, a writer using the OLD
//! shape while the migrate window is open, contract; then no write failed, no row lost its value,
//! and the final schema equals what the plain migration builds.

mod support;

use polymig::import::sql::parse_script;
use polymig::ir::{Migration, SqlDialect};
use polymig::lint::Target;
use polymig::plan::{PhaseKind, Plan, zero_downtime};
use support::TestDb;

const SETUP: &str = "CREATE TABLE accounts (id bigserial PRIMARY KEY, name text, email text)";

fn migration(id: &str, sql: &str) -> Migration {
    let mut m = Migration::new(id, "m");
    m.up = parse_script(sql, &format!("{id}.sql"), SqlDialect::Postgres).0;
    m
}

fn plan_for(change: &str) -> Plan {
    let target: Target = "pg16".parse().unwrap();
    let mut plans = zero_downtime(&[migration("1", SETUP)], &migration("2", change), &target);
    assert_eq!(plans.len(), 1);
    plans.remove(0)
}

fn run_phase(db: &TestDb, plan: &Plan, kind: PhaseKind) {
    let phase = plan.phases.iter().find(|p| p.kind == kind).expect("phase");
    if let Some(q) = &phase.verify_before
        && !q.contains("pg_stat_statements")
    {
        let n: i64 = scalar(db, q);
        assert_eq!(n, 0, "verification before {kind:?} failed: {q}");
    }
    db.exec_blocking(&phase.statements.join(";\n")).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
}

fn scalar(db: &TestDb, q: &str) -> i64 {
    let (url, q) = (db.url.clone(), q.to_string());
    support::block_on(async move {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
        sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(q)).fetch_one(&mut c).await.unwrap()
    })
}

/// 200 writes through `sql(i)` on its own connection; returns the failures.
fn writer(db: &TestDb, sql: impl Fn(i64) -> String + Send + 'static) -> std::thread::JoinHandle<Vec<String>> {
    let url = db.url.clone();
    std::thread::spawn(move || {
        support::block_on(async move {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            let mut failures = Vec::new();
            for i in 0..200 {
                if let Err(e) = sqlx::raw_sql(sqlx::AssertSqlSafe(sql(i))).execute(&mut c).await {
                    failures.push(e.to_string());
                }
            }
            failures
        })
    })
}

fn tables(db: &TestDb) -> String {
    serde_json::to_string_pretty(&db.introspect_blocking().tables).unwrap()
}

#[test]
fn rename_column_view_swap_keeps_old_writers_working() {
    let (Some(db), Some(plain)) = (TestDb::postgres(), TestDb::postgres()) else { return };
    for d in [&db, &plain] {
        d.exec_blocking(&format!(
            "{SETUP}; INSERT INTO accounts (name) SELECT 'n' || g FROM generate_series(1, 500) g"
        ))
        .unwrap();
    }
    plain.exec_blocking("ALTER TABLE accounts RENAME COLUMN name TO full_name").unwrap();
    let plan = plan_for("ALTER TABLE accounts RENAME COLUMN name TO full_name;");
    run_phase(&db, &plan, PhaseKind::Expand);
    // Old code (writes `name`) and new code (writes `full_name`) run side by side.
    let old = writer(&db, |i| {
        format!(
            "INSERT INTO accounts (name) VALUES ('old{i}'); UPDATE accounts SET name = 'upd{i}' WHERE id = {}",
            i + 1
        )
    });
    let new = writer(&db, |i| format!("INSERT INTO accounts (full_name) VALUES ('new{i}')"));
    let failures: Vec<String> = old.join().unwrap().into_iter().chain(new.join().unwrap()).collect();
    assert!(failures.is_empty(), "writes failed during the expand window: {failures:?}");
    run_phase(&db, &plan, PhaseKind::Contract);
    assert_eq!(scalar(&db, "SELECT count(*) FROM accounts"), 900);
    assert_eq!(scalar(&db, "SELECT count(*) FROM accounts WHERE full_name IS NULL"), 0);
    assert_eq!(scalar(&db, "SELECT count(*) FROM accounts WHERE full_name LIKE 'upd%'"), 200);
    assert_eq!(tables(&db), tables(&plain), "final schema differs from the plain RENAME COLUMN");
}

#[test]
fn set_not_null_with_check_not_valid_then_validate() {
    let (Some(db), Some(plain)) = (TestDb::postgres(), TestDb::postgres()) else { return };
    let seed = "INSERT INTO accounts (email) SELECT CASE WHEN g % 3 = 0 THEN NULL ELSE 'e' || g END FROM generate_series(1, 600) g";
    for d in [&db, &plain] {
        d.exec_blocking(&format!("{SETUP}; {seed}")).unwrap();
    }
    plain.exec_blocking("UPDATE accounts SET email = 'filled' WHERE email IS NULL; ALTER TABLE accounts ALTER COLUMN email SET NOT NULL").unwrap();
    let plan = plan_for("ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;");
    run_phase(&db, &plan, PhaseKind::Expand);
    // New rows are checked at once: a NULL is refused, a value is accepted.
    assert!(db.exec_blocking("INSERT INTO accounts (email) VALUES (NULL)").is_err());
    let w = writer(&db, |i| {
        format!("INSERT INTO accounts (email) VALUES ('w{i}'); UPDATE accounts SET name = 'x' WHERE id = {}", i + 1)
    });
    // The migrate window: backfill in batches while the writer runs.
    for lo in (0..600).step_by(100) {
        db.exec_blocking(&format!(
            "UPDATE accounts SET email = 'filled' WHERE email IS NULL AND id > {lo} AND id <= {}",
            lo + 100
        ))
        .unwrap();
    }
    assert!(w.join().unwrap().is_empty(), "writes failed during the migrate window");
    run_phase(&db, &plan, PhaseKind::Migrate);
    run_phase(&db, &plan, PhaseKind::Contract);
    assert_eq!(scalar(&db, "SELECT count(*) FROM accounts WHERE email = 'filled'"), 200);
    assert_eq!(scalar(&db, "SELECT count(*) FROM accounts"), 800);
    assert_eq!(tables(&db), tables(&plain), "final schema differs from the plain SET NOT NULL");
}
