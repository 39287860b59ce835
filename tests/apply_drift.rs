//! `polymig drift`: the live database against the replay of its applied migrations
//! (SQLite always; PostgreSQL and MariaDB when reachable, required in CI).

mod apply_support;

use apply_support::{TestDb, polymig, show};

#[test]
fn drift_after_a_manual_change() {
    for db in TestDb::all() {
        let m = db.dir.path().join("migrations");
        std::fs::create_dir_all(&m).unwrap();
        std::fs::write(
            m.join("0001_users.sql"),
            "CREATE TABLE users (id integer PRIMARY KEY, email varchar(100) NOT NULL);\nCREATE INDEX users_email_idx ON users (email);\n",
        )
        .unwrap();
        std::fs::write(m.join("0002_posts.sql"), "CREATE TABLE posts (id integer PRIMARY KEY, title varchar(50));\n")
            .unwrap();
        let o = polymig(db.dir.path(), &["apply", "--db", &db.url, "--to", "0001", "migrations"]);
        assert_eq!(o.status.code(), Some(0), "{}", show(&o));
        let o = polymig(db.dir.path(), &["drift", "--db", &db.url, "migrations"]);
        assert_eq!(o.status.code(), Some(0), "{}: {}", db.dialect, show(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("no drift"), "{}", show(&o));

        db.exec("ALTER TABLE users ADD COLUMN hacked integer");
        let o = polymig(db.dir.path(), &["drift", "--db", &db.url, "--format", "json", "migrations"]);
        assert_eq!(o.status.code(), Some(1), "{}", show(&o));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(report["applied"], 1);
        let diffs: Vec<&str> = report["differences"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
        assert_eq!(diffs, ["table users: column hacked: only in second"], "{}", db.dialect);
    }
}
