//! `polymig plan --zero-downtime` recipes on a real MariaDB (or MySQL), run by
//! `polymig apply --phase`: expand, writers using the OLD names while the migrate phase runs,
//! contract; then no write failed, no row lost its value, no trigger is left, and the final
//! schema equals what the plain migration builds.

mod plan_support;

use plan_support::Case;

const TARGET: &str = "mariadb10.11";
const USERS: &str =
    "CREATE TABLE users (id integer AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'x', age integer)";

/// `INSERT … SELECT` of `n` numbered rows: `{}` in `values` is the row number.
fn seed(table: &str, columns: &str, values: &str, n: u32) -> String {
    let rows: Vec<String> = (1..=n).map(|i| format!("({})", values.replace("{}", &i.to_string()))).collect();
    format!("INSERT INTO {table} ({columns}) VALUES {}", rows.join(", "))
}

#[test]
fn rename_column_shadow_column_and_triggers_keep_old_and_new_writers_in_step() {
    let seed = seed("users", "name, age", "'n{}', {}", 2000);
    let Some(case) = Case::new(TARGET, USERS, &seed, "ALTER TABLE users RENAME COLUMN name TO full_name;") else {
        return;
    };
    assert_eq!(case.recipes, ["rename-column"]);
    case.apply_ok("expand");
    // Old code writes `name` (updates rows 1…), new code writes `full_name` (updates rows 1001…).
    let old = case.writer(100, |i| {
        format!("INSERT INTO users (name) VALUES ('old{i}'); UPDATE users SET name = 'upd{i}' WHERE id = {}", i + 1)
    });
    let new = case.writer(100, |i| {
        format!(
            "INSERT INTO users (full_name) VALUES ('new{i}'); UPDATE users SET full_name = 'nu{i}' WHERE id = {}",
            i + 1001
        )
    });
    case.apply_ok("migrate");
    let (n_old, n_new) = (old.stop(), new.stop());
    assert!(n_old < 1000 && n_new < 1000, "the writers' update ranges overlap: {n_old}, {n_new}");
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE NOT (name <=> full_name)"), 0);
    case.apply_ok("contract");
    let q = |sql: String| case.scalar(&sql);
    assert_eq!(q("SELECT count(*) FROM users".into()), 2000 + n_old + n_new);
    assert_eq!(q("SELECT count(*) FROM users WHERE full_name IS NULL".into()), 0);
    assert_eq!(q(format!("SELECT count(*) FROM users WHERE id <= {n_old} AND full_name <> CONCAT('upd', id - 1)")), 0);
    assert_eq!(
        q(format!(
            "SELECT count(*) FROM users WHERE id > 1000 AND id <= {} AND full_name <> CONCAT('nu', id - 1001)",
            1000 + n_new
        )),
        0
    );
    assert_eq!(
        q(format!(
            "SELECT count(*) FROM users WHERE id <= 2000 AND (id > {n_old} AND id <= 1000 OR id > {}) AND full_name <> CONCAT('n', id)",
            1000 + n_new
        )),
        0
    );
    assert_eq!(q("SELECT count(*) FROM users WHERE full_name LIKE 'old%'".into()), n_old);
    assert_eq!(q("SELECT count(*) FROM users WHERE full_name LIKE 'new%'".into()), n_new);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

#[test]
fn change_type_with_a_shadow_column_keeps_every_write_through_the_swap() {
    let setup = "CREATE TABLE events (id integer AUTO_INCREMENT PRIMARY KEY, amount integer NOT NULL DEFAULT 0, note varchar(20))";
    let seed = seed("events", "amount, note", "{}, 'n'", 2000);
    let Some(case) = Case::new(TARGET, setup, &seed, "ALTER TABLE events MODIFY amount bigint NOT NULL DEFAULT 0;")
    else {
        return;
    };
    assert_eq!(case.recipes, ["change-type"]);
    case.apply_ok("expand");
    let w = case.writer(200, |i| {
        let update = if i < 2000 {
            format!("; UPDATE events SET amount = amount + 1000000 WHERE id = {}", i + 1)
        } else {
            String::new()
        };
        format!("INSERT INTO events (amount, note) VALUES ({}, 'w'){update}", 5_000_000 + i)
    });
    case.apply_ok("migrate");
    case.apply_ok("contract");
    let n = w.stop().min(2000);
    assert_eq!(case.scalar(&format!("SELECT count(*) FROM events WHERE id <= {n} AND amount <> id + 1000000")), 0);
    assert_eq!(case.scalar(&format!("SELECT count(*) FROM events WHERE id > {n} AND id <= 2000 AND amount <> id")), 0);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE note = 'w' AND amount < 5000000"), 0);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

#[test]
fn rename_table_puts_a_view_under_the_new_name_then_swaps() {
    let seed = seed("users", "name, age", "'n{}', {}", 500);
    let Some(case) = Case::new(TARGET, USERS, &seed, "RENAME TABLE users TO members;") else { return };
    assert_eq!(case.recipes, ["rename-table"]);
    case.apply_ok("expand");
    let old = case.writer(100, |i| {
        format!("INSERT INTO users (name) VALUES ('old{i}'); UPDATE users SET name = 'upd{i}' WHERE id = {}", i + 1)
    });
    let new = case.writer(100, |i| format!("INSERT INTO members (name) VALUES ('new{i}')"));
    case.apply_ok("migrate");
    let n_new_before = new.stop();
    let n_old = old.stop();
    // New code keeps writing through the swap: `members` is a view, then the table.
    let new = case.writer(50, |i| format!("INSERT INTO members (name) VALUES ('late{i}')"));
    case.apply_ok("contract");
    let n_late = new.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM members"), 500 + n_old + n_new_before + n_late);
    assert_eq!(case.scalar("SELECT count(*) FROM members WHERE name LIKE 'upd%'"), n_old);
    case.assert_same_schema(false);
}

#[test]
fn add_foreign_key_unchecked_after_the_orphan_count() {
    let setup = "CREATE TABLE parents (id integer PRIMARY KEY); \
                 CREATE TABLE children (id integer AUTO_INCREMENT PRIMARY KEY, parent_id integer, v varchar(20))";
    let seed =
        format!("{}; {}", seed("parents", "id", "{}", 100), seed("children", "parent_id, v", "{} % 100 + 1, 'v'", 500));
    let change =
        "ALTER TABLE children ADD CONSTRAINT children_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);";
    let Some(case) = Case::new(TARGET, setup, &seed, change) else { return };
    case.db.exec_blocking("INSERT INTO children (parent_id, v) VALUES (1000, 'orphan')").unwrap();
    case.apply_ok("expand");
    let w = case.writer(100, |i| {
        format!(
            "INSERT INTO children (parent_id, v) VALUES ({}, 'w'); UPDATE children SET v = 'u{i}' WHERE id = {}",
            i % 100 + 1,
            i + 1
        )
    });
    case.assert_refused("migrate", 2);
    case.db.exec_blocking("DELETE FROM children WHERE v = 'orphan'").unwrap();
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert!(case.db.exec_blocking("INSERT INTO children (parent_id) VALUES (2000)").is_err(), "the key is enforced");
    assert_eq!(case.scalar("SELECT count(*) FROM children"), 500 + n);
    case.assert_same_schema(false);
}

#[test]
fn add_primary_key_inplace_after_the_bad_key_count() {
    let setup = "CREATE TABLE events (id integer NOT NULL, v varchar(20))";
    let seed = seed("events", "id, v", "{}, 'v{}'", 400);
    let change = "ALTER TABLE events ADD PRIMARY KEY (id);";
    let Some(case) = Case::new(TARGET, setup, &seed, change) else { return };
    assert_eq!(case.recipes, ["add-primary-key"]);
    case.db.exec_blocking("INSERT INTO events (id, v) VALUES (7, 'bad')").unwrap();
    case.assert_refused("expand", 1);
    case.db.exec_blocking("DELETE FROM events WHERE v = 'bad'").unwrap();
    let w = case.writer(100, |i| {
        format!(
            "INSERT INTO events (id, v) VALUES ({}, 'w'); UPDATE events SET v = 'u{i}' WHERE id = {}",
            1000 + i,
            i + 1
        )
    });
    case.apply_ok("expand");
    let n = w.stop();
    case.apply_ok("migrate");
    case.apply_ok("contract");
    assert!(case.db.exec_blocking("INSERT INTO events (id, v) VALUES (3, 'x')").is_err(), "duplicates are refused");
    assert_eq!(case.scalar("SELECT count(*) FROM events"), 400 + n);
    case.assert_same_schema(false);
}

#[test]
fn add_unique_inplace_after_the_duplicate_count() {
    let setup = "CREATE TABLE accounts (id integer AUTO_INCREMENT PRIMARY KEY, email varchar(100))";
    let seed = seed("accounts", "email", "'u{}@x'", 400);
    let Some(case) =
        Case::new(TARGET, setup, &seed, "ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);")
    else {
        return;
    };
    case.db.exec_blocking("INSERT INTO accounts (email) VALUES ('u1@x')").unwrap();
    case.assert_refused("expand", 1);
    case.db.exec_blocking("DELETE FROM accounts WHERE id = 401").unwrap();
    let w = case.writer(100, |i| {
        format!(
            "INSERT INTO accounts (email) VALUES ('w{i}@x'); UPDATE accounts SET email = 'v{i}@x' WHERE id = {}",
            i + 1
        )
    });
    case.apply_ok("expand");
    let n = w.stop();
    case.apply_ok("migrate");
    case.apply_ok("contract");
    assert!(case.db.exec_blocking("INSERT INTO accounts (email) VALUES ('w0@x')").is_err(), "duplicates are refused");
    assert_eq!(case.scalar("SELECT count(*) FROM accounts"), 400 + n);
    case.assert_same_schema(false);
}

#[test]
fn add_check_without_the_validating_scan_after_the_violator_count() {
    let setup = "CREATE TABLE items (id integer AUTO_INCREMENT PRIMARY KEY, qty integer)";
    let seed = seed("items", "qty", "{}", 300);
    let Some(case) =
        Case::new(TARGET, setup, &seed, "ALTER TABLE items ADD CONSTRAINT items_qty_positive CHECK (qty > 0);")
    else {
        return;
    };
    case.db.exec_blocking("INSERT INTO items (qty) VALUES (-1)").unwrap();
    let w = case.writer(100, |i| {
        format!("INSERT INTO items (qty) VALUES ({}); UPDATE items SET qty = qty + 1 WHERE id = {}", i + 1, i + 1)
    });
    case.assert_refused("migrate", 1);
    case.db.exec_blocking("UPDATE items SET qty = 1 WHERE qty <= 0").unwrap();
    case.apply_ok("expand");
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert!(case.db.exec_blocking("INSERT INTO items (qty) VALUES (-5)").is_err(), "the check is enforced");
    assert_eq!(case.scalar("SELECT count(*) FROM items"), 301 + n);
    case.assert_same_schema(false);
}

#[test]
fn drop_column_relaxes_not_null_before_the_post_deploy_drop() {
    let setup =
        "CREATE TABLE accounts (id integer AUTO_INCREMENT PRIMARY KEY, name varchar(50), legacy varchar(20) NOT NULL)";
    let seed = seed("accounts", "name, legacy", "'n{}', 'l'", 300);
    let Some(case) = Case::new(TARGET, setup, &seed, "ALTER TABLE accounts DROP COLUMN legacy;") else { return };
    assert_eq!(case.recipes, ["drop-column"]);
    // Before expand, code that leaves `legacy` out cannot insert (strict mode).
    assert!(case.db.exec_blocking("INSERT INTO accounts (name) VALUES ('early')").is_err());
    case.apply_ok("expand");
    let new = case.writer(100, |i| format!("INSERT INTO accounts (name) VALUES ('new{i}')"));
    case.apply_ok("migrate");
    let n = new.stop();
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM accounts"), 300 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM accounts WHERE name LIKE 'new%'"), n);
    case.assert_same_schema(false);
}

#[test]
fn create_index_inplace_while_writers_run() {
    let seed = seed("users", "name, age", "'n{}', {}", 2000);
    let Some(case) = Case::new(TARGET, USERS, &seed, "CREATE INDEX users_age ON users (age);") else {
        return;
    };
    assert_eq!(case.recipes, ["create-index"]);
    let w = case.writer(100, |i| {
        format!("INSERT INTO users (name, age) VALUES ('w{i}', {i}); UPDATE users SET age = {i} WHERE id = {}", i + 1)
    });
    case.apply_ok("expand");
    let n = w.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM users"), 2000 + n);
    case.assert_same_schema(false);
}
