//! `polymig drift` gives the difference as IR operations and as SQL for the database, and that SQL
//! repairs the drift (SQLite always; PostgreSQL and MariaDB when reachable, required in CI).

mod apply_support;

use apply_support::{TestDb, polymig, show};

#[test]
fn drift_prints_operations_and_sql_that_repair_it() {
    for db in TestDb::all() {
        let m = db.dir.path().join("migrations");
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(
            m.join("0001_users.sql"),
            "CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL);\n\
             CREATE INDEX users_email_idx ON users (email);\n\
             CREATE TABLE posts (id integer PRIMARY KEY, title varchar(50));\n",
        )
        .unwrap();
        let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "migrations"]);
        assert_eq!(o.status.code(), Some(0), "{}", show(&o));

        db.exec("ALTER TABLE users ADD COLUMN hacked integer");
        db.exec(if db.dialect == polymig::ir::SqlDialect::Mysql {
            "DROP INDEX users_email_idx ON users"
        } else {
            "DROP INDEX users_email_idx"
        });
        db.exec("DROP TABLE posts");
        let o = polymig(db.dir.path(), &["drift", "--db", &db.url, "--format", "json", "migrations"]);
        assert_eq!(o.status.code(), Some(1), "{}", show(&o));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let ops: Vec<&str> =
            report["operations"].as_array().unwrap().iter().map(|op| op["op"].as_str().unwrap()).collect();
        assert_eq!(ops, ["drop_column", "create_table", "create_index"], "{}: {}", db.dialect, show(&o));
        assert_eq!(report["operations"][0]["column"], "hacked");
        let sql: Vec<String> =
            report["sql"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        assert!(sql.iter().any(|s| s.contains("hacked")), "{}: {sql:?}", db.dialect);

        // The text form shows both, and running the SQL leaves no drift.
        let o = polymig(db.dir.path(), &["drift", "--db", &db.url, "migrations"]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("IR operations") && text.contains("\"op\":\"drop_column\""), "{text}");
        assert!(text.contains(&format!("as SQL for {}", db.dialect)), "{text}");
        for s in &sql {
            db.exec(s);
        }
        let o = polymig(db.dir.path(), &["drift", "--db", &db.url, "migrations"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("no drift"), "{}", show(&o));
    }
}
