//! The merge-columns recipe (`first_name`, `last_name` → `full_name`) on real PostgreSQL, MariaDB
//! and SQLite, run by `polymig apply --phase`: after expand, old code keeps writing the old
//! columns during the migrate phase's backfill and after it, while the new code, deployed after
//! the backfill, writes `full_name`; the contract's verification passes, no write failed, every
//! row has its merged value, no trigger is left, and the final schema equals what the plain
//! migration builds.

mod plan_support;

use plan_support::Case;

const CHANGE: &str = "ALTER TABLE users ADD COLUMN full_name text;\n\
                      UPDATE users SET full_name = concat_ws(' ', first_name, last_name);\n\
                      ALTER TABLE users DROP COLUMN first_name;\n\
                      ALTER TABLE users DROP COLUMN last_name;";

/// `INSERT` of 500 users; every fifth has no last name.
fn seed() -> String {
    let rows: Vec<String> = (1..=500)
        .map(|i| {
            let last = if i % 5 == 0 { "NULL".to_string() } else { format!("'l{i}'") };
            format!("('f{i}', {last})")
        })
        .collect();
    format!("INSERT INTO users (first_name, last_name) VALUES {}", rows.join(", "))
}

fn merge_keeps_old_and_new_writers_in_step(target: &str, users: &str) {
    let Some(case) = Case::new(target, users, &seed(), CHANGE) else {
        return;
    };
    assert_eq!(case.recipes, ["merge-columns"]);
    case.apply_ok("expand");
    // Old code writes the old columns throughout; new code runs once the backfill is done.
    let old = case.writer(100, |i| {
        format!(
            "INSERT INTO users (first_name, last_name) VALUES ('of{i}', 'ol{i}'); \
             UPDATE users SET last_name = 'upd' WHERE id = {}",
            i % 100 + 1
        )
    });
    case.apply_ok("migrate");
    let new = case.writer(100, |i| {
        format!(
            "INSERT INTO users (full_name) VALUES ('new {i}'); UPDATE users SET full_name = 'renamed' WHERE id = {}",
            i % 100 + 301
        )
    });
    let (n_new, n_old) = (new.stop(), old.stop());
    if target.starts_with("pg") {
        // A row left without its value: the contract refuses until it has one.
        case.db
            .exec_blocking("SET session_replication_role = replica; UPDATE users SET full_name = NULL WHERE id = 450")
            .unwrap();
        case.assert_refused("contract", case.applied());
        case.db.exec_blocking("UPDATE users SET full_name = 'f450 l450' WHERE id = 450").unwrap();
    }
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM users"), 500 + n_old + n_new);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name IS NULL"), 0);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name LIKE 'f% upd'"), n_old.min(100));
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name LIKE 'of% ol%'"), n_old);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name LIKE 'new %'"), n_new);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name = 'renamed'"), n_new.min(100));
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE id = 499 AND full_name = 'f499 l499'"), 1);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE id = 500 AND full_name = 'f500'"), 1);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

#[test]
fn postgres_merge_columns() {
    merge_keeps_old_and_new_writers_in_step(
        "pg15",
        "CREATE TABLE users (id bigserial PRIMARY KEY, first_name text NOT NULL, last_name text)",
    );
}

#[test]
fn mariadb_merge_columns() {
    merge_keeps_old_and_new_writers_in_step(
        "mariadb10.11",
        "CREATE TABLE users (id bigint AUTO_INCREMENT PRIMARY KEY, first_name varchar(50) NOT NULL, last_name varchar(50))",
    );
}

#[test]
fn sqlite_merge_columns() {
    merge_keeps_old_and_new_writers_in_step(
        "sqlite",
        "CREATE TABLE users (id integer PRIMARY KEY, first_name text, last_name text)",
    );
}

/// A NOT NULL merged column on PostgreSQL: the CHECK NOT VALID added in expand refuses new NULLs,
/// the second migrate step validates it once the backfill ran (one `apply --phase migrate` runs
/// both, verifying the second after the first), and the contract sets NOT NULL without a scan.
#[test]
fn postgres_merge_into_a_not_null_column() {
    let change = CHANGE.replace("ADD COLUMN full_name text", "ADD COLUMN full_name text NOT NULL DEFAULT ''");
    let Some(case) = Case::new(
        "pg15",
        "CREATE TABLE users (id bigserial PRIMARY KEY, first_name text NOT NULL, last_name text)",
        &seed(),
        &change,
    ) else {
        return;
    };
    assert_eq!(case.recipes, ["merge-columns"]);
    case.apply_ok("expand");
    let old = case.writer(100, |i| format!("INSERT INTO users (first_name, last_name) VALUES ('of{i}', 'ol{i}')"));
    case.apply_ok("migrate");
    let n_old = old.stop();
    assert_eq!(
        case.scalar(
            "SELECT count(*) FROM pg_constraint WHERE conname = 'users_full_name__pm_not_null' AND convalidated"
        ),
        1
    );
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM users"), 500 + n_old);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name LIKE 'of% ol%'"), n_old);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE id = 3 AND full_name = 'f3 l3'"), 1);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}
