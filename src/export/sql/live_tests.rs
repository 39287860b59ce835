//! The rendered SQLite SQL run on a real (embedded, in-memory) SQLite through sqlx, statement
//! by statement as a runner would. (PostgreSQL and MariaDB output was checked by hand with
//! `psql -v ON_ERROR_STOP=1` and `mysql`; live tests for them belong to the integration suite.)

use super::testutil::*;
use super::*;
use crate::ir::*;
use sqlx::{AssertSqlSafe, Connection, Executor, Row, SqliteConnection};

fn lossy_sqlite(with_down: bool) -> ExportOptions {
    ExportOptions { dialect: SqlDialect::Sqlite, with_down, allow_lossy: true }
}

/// Run statements one by one (comments are skipped, as a runner may do).
async fn run(conn: &mut SqliteConnection, statements: &[Statement]) {
    for s in statements {
        if s.sql.lines().all(|l| l.starts_with("--")) {
            continue;
        }
        if let Err(e) = conn.execute(sqlx::raw_sql(AssertSqlSafe(s.sql.clone()))).await {
            panic!("{} failed: {e}\n{}", s.comment, s.sql);
        }
    }
}

async fn objects(conn: &mut SqliteConnection) -> Vec<String> {
    let rows = conn
        .fetch_all("SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1")
        .await
        .unwrap();
    rows.iter().map(|r| r.get::<String, _>(0)).collect()
}

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
}

#[test]
fn every_operation_runs_up_and_down_on_sqlite() {
    block_on(async {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute("PRAGMA foreign_keys = ON").await.unwrap();
        for m in render_history(&every_operation(), &lossy_sqlite(false)) {
            run(&mut conn, &m.up).await;
        }
        assert_eq!(objects(&mut conn).await, ["table users"]);

        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute("PRAGMA foreign_keys = ON").await.unwrap();
        let mut h = every_operation();
        h.truncate(2);
        h[1].up.retain(|op| !matches!(op.kind, Operation::AlterEnum(_)));
        let rendered = render_history(&h, &lossy_sqlite(true));
        for m in &rendered {
            run(&mut conn, &m.up).await;
        }
        assert_eq!(objects(&mut conn).await, ["index by_email", "table posts", "table users", "view live"]);
        for m in rendered.iter().rev() {
            run(&mut conn, m.down.as_deref().expect("reversible")).await;
        }
        assert_eq!(objects(&mut conn).await, Vec::<String>::new());
    });
}

#[test]
fn rebuilding_a_referenced_table_keeps_the_rows_that_reference_it() {
    let mut h = every_operation();
    h.truncate(1);
    let insert = RawSql {
        sql: "INSERT INTO users (id, email, active) VALUES (1, 'a', 1); INSERT INTO posts (user_id) VALUES (1)".into(),
        down: None,
        dialect: None,
        no_transaction: false,
    };
    let alter = AlterColumn {
        table: QName::new("users"),
        column: "select".into(),
        data_type: Some(DataType::int(32)),
        using: None,
        nullable: None,
        default: Some(Change::Set(DefaultExpr::Number("7".into()))),
        comment: None,
    };
    h.push(migration("02", "rebuild_users", vec![insert.into(), alter.into()]));
    let rendered = render_history(&h, &lossy_sqlite(false));
    assert!(!rendered[1].transactional, "PRAGMA foreign_keys needs to run outside a transaction");
    block_on(async {
        let mut conn = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        conn.execute("PRAGMA foreign_keys = ON").await.unwrap();
        for m in &rendered {
            run(&mut conn, &m.up).await;
        }
        let posts: i64 = conn.fetch_one("SELECT count(*) FROM posts").await.unwrap().get(0);
        assert_eq!(posts, 1, "ON DELETE CASCADE must not fire during the rebuild");
        let violations = conn.fetch_all("PRAGMA foreign_key_check").await.unwrap();
        assert!(violations.is_empty());
        let fk_on: i64 = conn.fetch_one("PRAGMA foreign_keys").await.unwrap().get(0);
        assert_eq!(fk_on, 1);
        let default: String = conn
            .fetch_one("SELECT dflt_value FROM pragma_table_info('users') WHERE name = 'select'")
            .await
            .unwrap()
            .get(0);
        assert_eq!(default, "7");
    });
}
