//! The split-table recipe (`users.street, users.city` move to `addresses`) on real PostgreSQL,
//! MariaDB and SQLite, run by `polymig apply --phase`: after expand, old code keeps writing the
//! columns through `users` (inserts, updates, deletes) during the migrate phase's backfill and
//! after it, while the new code, deployed after the backfill, writes `addresses`; the contract's
//! verification passes, no write failed, every row of both kinds of writer is in `addresses` with
//! its last value, no trigger is left, and the final schema equals what the plain migration
//! builds. On PostgreSQL the contract is two calls: the first leaves a view with the old shape
//! under the old name, which old code keeps writing, and the second removes it.

mod plan_support;

use plan_support::Case;

/// The plain migration; `{key}` is the key's type (SQLite's exporter writes every integer as
/// `INTEGER`, so the SQLite case declares it so).
const CHANGE: &str = "CREATE TABLE addresses (user_id {key} PRIMARY KEY REFERENCES users (id), street text, city text);\n\
                      INSERT INTO addresses (user_id, street, city) SELECT id, street, city FROM users;\n\
                      ALTER TABLE users DROP COLUMN street;\n\
                      ALTER TABLE users DROP COLUMN city;";

/// `INSERT` of 500 users, a third of them without a street; every one has a city.
fn seed() -> String {
    let rows: Vec<String> = (1..=500)
        .map(|i| {
            let street = if i % 3 == 0 { "NULL".to_string() } else { format!("'s{i}'") };
            format!("('n{i}', {street}, 'c{i}')")
        })
        .collect();
    format!("INSERT INTO users (name, street, city) VALUES {}", rows.join(", "))
}

/// Old code: inserts a user with an address, updates the street of users 1–100, deletes users
/// 201–300 (once each).
fn old_code(i: i64) -> String {
    let deleted = if i < 100 { 201 + i } else { 0 };
    format!(
        "INSERT INTO users (name, street, city) VALUES ('old{i}', 'os{i}', 'oc{i}'); \
         UPDATE users SET street = 'upd' WHERE id = {}; DELETE FROM users WHERE id = {deleted}",
        i % 100 + 1
    )
}

/// Runs the split on `target`; `new_code(i)` inserts a user and its address and moves users
/// 301–400 (`city = 'moved'`) through `addresses`.
fn split_keeps_old_and_new_writers_in_step(target: &str, users: &str, new_code: fn(i64) -> String) {
    let key = if target == "sqlite" { "integer" } else { "bigint" };
    let Some(case) = Case::new(target, users, &seed(), &CHANGE.replace("{key}", key)) else {
        return;
    };
    assert_eq!(case.recipes, ["split-table"]);
    case.apply_ok("expand");
    // Old code runs throughout; new code is deployed once the backfill is done, as the plan says,
    // and both run side by side until the contract.
    let old = case.writer(100, old_code);
    case.apply_ok("migrate");
    let new = case.writer(100, new_code);
    let (n_new, n_old) = (new.stop(), old.stop());
    if target.starts_with("pg") {
        // A row changed behind the triggers' back: the contract refuses until it is equal again.
        case.db
            .exec_blocking(
                "SET session_replication_role = replica; UPDATE addresses SET city = 'drift' WHERE user_id = 500",
            )
            .unwrap();
        case.assert_refused("contract", case.applied());
        case.db.exec_blocking("UPDATE addresses SET city = 'c500' WHERE user_id = 500").unwrap();
    }
    case.apply_ok("contract");
    let mut n_view = 0;
    if target.starts_with("pg") {
        // The first contract step dropped the columns and put a view with the old shape under the
        // old name; old code still reads and writes it. The second step waits for the next call.
        assert_eq!(case.scalar("SELECT count(*) FROM information_schema.views WHERE table_name = 'users'"), 1);
        let view = case.writer(50, |i| {
            format!(
                "INSERT INTO users (name, street, city) VALUES ('view{i}', 'vs{i}', 'vc{i}'); \
                 UPDATE users SET city = 'viewed' WHERE id = {}; SELECT street, city FROM users WHERE id = 1",
                i % 50 + 401
            )
        });
        n_view = view.stop();
        assert_eq!(case.scalar("SELECT count(*) FROM users WHERE street = 'upd'"), n_old.min(100));
        case.apply_ok("contract");
    }
    let users = case.scalar("SELECT count(*) FROM users");
    assert_eq!(users, 500 + n_old + n_new - n_old.min(100) + n_view);
    assert_eq!(case.scalar("SELECT count(*) FROM addresses WHERE street LIKE 'vs%' AND city LIKE 'vc%'"), n_view);
    assert_eq!(case.scalar("SELECT count(*) FROM addresses WHERE city = 'viewed'"), n_view.min(50));
    // Every user had a city: every one has its address row, and no address lost its user.
    assert_eq!(case.scalar("SELECT count(*) FROM addresses"), users);
    assert_eq!(case.scalar("SELECT count(*) FROM addresses WHERE street = 'upd'"), n_old.min(100));
    assert_eq!(case.scalar("SELECT count(*) FROM addresses WHERE city = 'moved'"), n_new.min(100));
    assert_eq!(case.scalar("SELECT count(*) FROM addresses WHERE street LIKE 'os%' AND city LIKE 'oc%'"), n_old);
    assert_eq!(case.scalar("SELECT count(*) FROM addresses WHERE street = 's500' AND city = 'c500'"), 1);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

#[test]
fn postgres_split_table() {
    split_keeps_old_and_new_writers_in_step(
        "pg15",
        "CREATE TABLE users (id bigserial PRIMARY KEY, name text, street text, city text NOT NULL)",
        |i| {
            format!(
                "WITH u AS (INSERT INTO users (name) VALUES ('new{i}') RETURNING id) \
                 INSERT INTO addresses (user_id, street, city) SELECT id, 'ns', 'nc' FROM u; \
                 INSERT INTO addresses (user_id, street, city) VALUES ({}, 'ns', 'moved') \
                 ON CONFLICT (user_id) DO UPDATE SET city = 'moved'",
                i % 100 + 301
            )
        },
    );
}

#[test]
fn mariadb_split_table() {
    split_keeps_old_and_new_writers_in_step(
        "mariadb10.11",
        "CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY, name text, street text, city text NOT NULL)",
        |i| {
            format!(
                "INSERT INTO users (name) VALUES ('new{i}'); \
                 INSERT INTO addresses (user_id, street, city) VALUES (LAST_INSERT_ID(), 'ns', 'nc'); \
                 INSERT INTO addresses (user_id, street, city) VALUES ({}, 'ns', 'moved') \
                 ON DUPLICATE KEY UPDATE city = 'moved'",
                i % 100 + 301
            )
        },
    );
}

#[test]
fn sqlite_split_table() {
    split_keeps_old_and_new_writers_in_step(
        "sqlite",
        "CREATE TABLE users (id integer PRIMARY KEY, name text, street text, city text)",
        |i| {
            format!(
                "INSERT INTO users (name) VALUES ('new{i}'); \
                 INSERT INTO addresses (user_id, street, city) VALUES (last_insert_rowid(), 'ns', 'nc'); \
                 INSERT INTO addresses (user_id, street, city) VALUES ({}, 'ns', 'moved') \
                 ON CONFLICT (user_id) DO UPDATE SET city = 'moved'",
                i % 100 + 301
            )
        },
    );
}
