//! `polymig plan --zero-downtime` recipes on a real PostgreSQL, run by `polymig apply --phase`:
//! expand, writers using the OLD names while the migrate phase runs, contract; then no write
//! failed, no row lost its value, no trigger is left, and the final schema equals what the plain
//! migration builds. Verification queries that do not return 0 make `apply --phase` refuse.

mod plan_support;

use plan_support::{Case, show};

const ACCOUNTS: &str = "CREATE TABLE accounts (id bigserial PRIMARY KEY, name text, email text, legacy text NOT NULL)";
const SEED: &str = "INSERT INTO accounts (name, email, legacy) \
                    SELECT 'n' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'e' || g END, 'l' FROM generate_series(1, 500) g";

#[test]
fn rename_column_view_swap_keeps_old_writers_working() {
    let Some(case) = Case::new("pg15", ACCOUNTS, SEED, "ALTER TABLE accounts RENAME COLUMN name TO full_name;") else {
        return;
    };
    assert_eq!(case.recipes, ["rename-column"]);
    case.apply_ok("expand");
    // Old code (writes `name`) and new code (writes `full_name`) run side by side.
    let old = case.writer(100, |i| {
        format!(
            "INSERT INTO accounts (name, legacy) VALUES ('old{i}', 'l'); UPDATE accounts SET name = 'upd{i}' WHERE id = {}",
            i + 1
        )
    });
    let new = case.writer(100, |i| format!("INSERT INTO accounts (full_name, legacy) VALUES ('new{i}', 'l')"));
    case.apply_ok("migrate");
    let (n_old, n_new) = (old.stop(), new.stop());
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM accounts"), 500 + n_old + n_new);
    assert_eq!(case.scalar("SELECT count(*) FROM accounts WHERE full_name IS NULL"), 0);
    assert_eq!(case.scalar("SELECT count(*) FROM accounts WHERE full_name LIKE 'upd%'"), n_old);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

#[test]
fn set_not_null_refuses_validation_until_the_nulls_are_gone() {
    let Some(case) = Case::new(
        "pg15",
        ACCOUNTS,
        SEED,
        "UPDATE accounts SET email = 'filled' WHERE email IS NULL; ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;",
    ) else {
        return;
    };
    // The plain twin ran the UPDATE too; the plan is for the ALTER alone.
    assert_eq!(case.recipes, ["set-not-null"]);
    case.apply_ok("expand");
    assert!(
        case.db.exec_blocking("INSERT INTO accounts (email, legacy) VALUES (NULL, 'l')").is_err(),
        "new NULLs are refused"
    );
    case.assert_refused("migrate", 2);
    assert_eq!(
        case.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'accounts_email_not_null' AND convalidated"),
        0
    );
    let w = case.writer(100, |i| {
        format!(
            "INSERT INTO accounts (email, legacy) VALUES ('w{i}', 'l'); UPDATE accounts SET name = 'x' WHERE id = {}",
            i + 1
        )
    });
    for lo in (0..500).step_by(100) {
        case.db
            .exec_blocking(&format!(
                "UPDATE accounts SET email = 'filled' WHERE email IS NULL AND id > {lo} AND id <= {}",
                lo + 100
            ))
            .unwrap();
    }
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM accounts WHERE email = 'filled'"), 166);
    assert_eq!(case.scalar("SELECT count(*) FROM accounts"), 500 + n);
    case.assert_same_schema(false);
}

#[test]
fn add_foreign_key_not_valid_then_validate_after_the_orphans_are_gone() {
    let setup = "CREATE TABLE parents (id bigint PRIMARY KEY); CREATE TABLE children (id bigserial PRIMARY KEY, parent_id bigint, v text)";
    let seed = "INSERT INTO parents SELECT g FROM generate_series(1, 100) g; \
                INSERT INTO children (parent_id, v) SELECT g % 100 + 1, 'v' FROM generate_series(1, 500) g";
    let change =
        "ALTER TABLE children ADD CONSTRAINT children_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);";
    let Some(case) = Case::new("pg15", setup, seed, change) else { return };
    // The plan also indexes the referencing column, which the plain migration does not.
    case.plain.exec_blocking("CREATE INDEX children_parent_id_idx ON children (parent_id)").unwrap();
    case.db.exec_blocking("INSERT INTO children (parent_id, v) VALUES (1000, 'orphan'), (1001, 'orphan')").unwrap();
    case.apply_ok("expand");
    assert!(
        case.db.exec_blocking("INSERT INTO children (parent_id) VALUES (2000)").is_err(),
        "new orphans are refused"
    );
    let w = case.writer(100, |i| {
        format!(
            "INSERT INTO children (parent_id, v) VALUES ({}, 'w'); UPDATE children SET v = 'u{i}' WHERE id = {}",
            i % 100 + 1,
            i + 1
        )
    });
    case.assert_refused("migrate", 3);
    case.db.exec_blocking("DELETE FROM children WHERE v = 'orphan'").unwrap();
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert_eq!(
        case.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'children_parent_fk' AND convalidated"),
        1
    );
    assert_eq!(case.scalar("SELECT count(*) FROM children"), 500 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM children WHERE v LIKE 'u%'"), n);
    case.assert_same_schema(false);
}

#[test]
fn add_check_not_valid_then_validate() {
    let setup = "CREATE TABLE items (id bigserial PRIMARY KEY, qty integer)";
    let seed = "INSERT INTO items (qty) SELECT g FROM generate_series(1, 300) g";
    let Some(case) =
        Case::new("pg15", setup, seed, "ALTER TABLE items ADD CONSTRAINT items_qty_positive CHECK (qty > 0);")
    else {
        return;
    };
    case.db.exec_blocking("INSERT INTO items (qty) VALUES (-1)").unwrap();
    case.apply_ok("expand");
    assert!(case.db.exec_blocking("INSERT INTO items (qty) VALUES (-2)").is_err(), "new violations are refused");
    let w = case.writer(100, |i| {
        format!("INSERT INTO items (qty) VALUES ({}); UPDATE items SET qty = qty + 1 WHERE id = {}", i + 1, i + 1)
    });
    case.assert_refused("migrate", 2);
    case.db.exec_blocking("UPDATE items SET qty = 1 WHERE qty <= 0").unwrap();
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM items"), 301 + n);
    assert_eq!(
        case.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'items_qty_positive' AND convalidated"),
        1
    );
    case.assert_same_schema(false);
}

#[test]
fn add_unique_builds_the_index_concurrently_then_attaches_it() {
    let setup = "CREATE TABLE users (id bigserial PRIMARY KEY, email text)";
    let seed = "INSERT INTO users (email) SELECT 'u' || g || '@x' FROM generate_series(1, 400) g";
    let Some(case) = Case::new("pg15", setup, seed, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);")
    else {
        return;
    };
    case.db.exec_blocking("INSERT INTO users (email) VALUES ('u1@x')").unwrap();
    case.assert_refused("expand", 1);
    case.db.exec_blocking("DELETE FROM users WHERE id = 401").unwrap();
    let w = case.writer(100, |i| {
        format!("INSERT INTO users (email) VALUES ('w{i}@x'); UPDATE users SET email = 'v{i}@x' WHERE id = {}", i + 1)
    });
    case.apply_ok("expand");
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert!(case.db.exec_blocking("INSERT INTO users (email) VALUES ('w0@x')").is_err(), "duplicates are refused");
    assert_eq!(case.scalar("SELECT count(*) FROM users"), 400 + n);
    case.assert_same_schema(false);
}

#[test]
fn add_primary_key_checks_builds_the_index_concurrently_then_attaches_it() {
    let setup = "CREATE TABLE events (id bigint, v text)";
    let seed = "INSERT INTO events (id, v) SELECT g, 'v' FROM generate_series(1, 500) g";
    let change = "ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (id);";
    let Some(case) = Case::new("pg15", setup, seed, change) else { return };
    assert_eq!(case.recipes, ["add-primary-key"]);
    case.db.exec_blocking("INSERT INTO events (id, v) VALUES (NULL, 'bad'), (7, 'bad')").unwrap();
    case.assert_refused("expand", 1);
    case.db.exec_blocking("DELETE FROM events WHERE v = 'bad'").unwrap();
    // Old code keeps inserting fresh keys and updating rows throughout.
    let w = case.writer(100, |i| {
        format!(
            "INSERT INTO events (id, v) VALUES ({}, 'w'); UPDATE events SET v = 'u{i}' WHERE id = {}",
            1000 + i,
            i + 1
        )
    });
    case.apply_ok("expand");
    assert!(case.db.exec_blocking("INSERT INTO events (id, v) VALUES (NULL, 'x')").is_err(), "NULL keys are refused");
    assert!(case.db.exec_blocking("INSERT INTO events (id, v) VALUES (3, 'x')").is_err(), "duplicates are refused");
    case.apply_ok("migrate");
    let n = w.stop();
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM events"), 500 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE v LIKE 'u%'"), n.min(500));
    case.assert_same_schema(false);
}

#[test]
fn change_type_with_a_shadow_column_keeps_every_write() {
    let setup = "CREATE TABLE events (id bigserial PRIMARY KEY, amount integer NOT NULL DEFAULT 0, note text)";
    let seed = "INSERT INTO events (amount, note) SELECT g, 'n' FROM generate_series(1, 2000) g";
    let Some(case) = Case::new("pg15", setup, seed, "ALTER TABLE events ALTER COLUMN amount TYPE bigint;") else {
        return;
    };
    assert_eq!(case.recipes, ["change-type"]);
    case.apply_ok("expand");
    // Old code writes `amount` as before, through the migrate phase (the backfill) and the swap.
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
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE note = 'n' AND id <= 2000"), 2000);
    assert_eq!(case.scalar(&format!("SELECT count(*) FROM events WHERE id <= {n} AND amount <> id + 1000000")), 0);
    assert_eq!(case.scalar(&format!("SELECT count(*) FROM events WHERE id > {n} AND id <= 2000 AND amount <> id")), 0);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE note = 'w' AND amount < 5000000"), 0);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE amount IS NULL"), 0);
    assert_eq!(case.triggers(), 0);
    // PostgreSQL cannot reorder columns: the converted column ends up last.
    case.assert_same_schema(true);
}

#[test]
fn rename_table_leaves_a_view_under_the_old_name() {
    let Some(case) = Case::new("pg15", ACCOUNTS, SEED, "ALTER TABLE accounts RENAME TO members;") else { return };
    case.apply_ok("expand");
    let old = case.writer(100, |i| {
        format!("INSERT INTO accounts (name, legacy) VALUES ('old{i}', 'l'); UPDATE accounts SET name = 'upd{i}' WHERE id = {}", i + 1)
    });
    let new = case.writer(100, |i| format!("INSERT INTO members (name, legacy) VALUES ('new{i}', 'l')"));
    case.apply_ok("migrate");
    let (n_old, n_new) = (old.stop(), new.stop());
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM members"), 500 + n_old + n_new);
    assert_eq!(case.scalar("SELECT count(*) FROM members WHERE name LIKE 'upd%'"), n_old);
    case.assert_same_schema(false);
}

#[test]
fn drop_column_relaxes_not_null_before_the_post_deploy_drop() {
    let Some(case) = Case::new("pg15", ACCOUNTS, SEED, "ALTER TABLE accounts DROP COLUMN legacy;") else { return };
    case.apply_ok("expand");
    // New code no longer writes `legacy`: its inserts work once NOT NULL is gone.
    let new = case.writer(100, |i| format!("INSERT INTO accounts (name) VALUES ('new{i}')"));
    case.apply_ok("migrate");
    let n = new.stop();
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM accounts"), 500 + n);
    case.assert_same_schema(false);
}

#[test]
fn a_later_phase_waits_for_the_earlier_ones() {
    let Some(case) = Case::new("pg15", ACCOUNTS, SEED, "ALTER TABLE accounts RENAME COLUMN name TO full_name;") else {
        return;
    };
    let o = case.apply("contract");
    assert_ne!(o.status.code(), Some(0), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("run `polymig apply --phase expand` first"), "{}", show(&o));
    assert_eq!(case.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'accounts__pm'"), 0);
}

/// `polymig plan --zero-downtime --out DIR` as a user runs it: phase files in run order, each with
/// its phase header, and the README (no database needed).
#[test]
fn plan_writes_the_phase_directory_apply_reads() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("migrations");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("1_setup.sql"), "CREATE TABLE events (id integer PRIMARY KEY, amount integer, note text);\n")
        .unwrap();
    std::fs::write(
        m.join("2_change.sql"),
        "ALTER TABLE events MODIFY amount bigint;\nALTER TABLE events DROP COLUMN note;\nCREATE TABLE audit (id integer);\n",
    )
    .unwrap();
    let o = plan_support::polymig(
        dir.path(),
        &["plan", "--zero-downtime", "--dialect", "mariadb", "--out", "plan", "migrations"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("plan"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "201_expand_change_type.sql",
            "202_migrate_change_type.sql",
            "203_contract_change_type.sql",
            "204_contract_drop_column.sql",
            "README.md"
        ]
    );
    let contract = std::fs::read_to_string(dir.path().join("plan/203_contract_change_type.sql")).unwrap();
    assert!(contract.starts_with("-- polymig:phase contract\n"), "{contract}");
    assert!(
        contract.contains("-- polymig:verify SELECT count(*) FROM `events` WHERE NOT (`amount__pm` <=> `amount`)\n"),
        "{contract}"
    );
    let migrate = std::fs::read_to_string(dir.path().join("plan/202_migrate_change_type.sql")).unwrap();
    assert!(migrate.contains("-- polymig:backfill table=events set=\"`amount__pm` = `amount`\""), "{migrate}");
    let readme = std::fs::read_to_string(dir.path().join("plan/README.md")).unwrap();
    assert!(readme.contains("must return 0 first") && readme.contains("ignored_columns"), "{readme}");
    // The new table has no recipe: it is named, on the terminal and in the README, not dropped silently.
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("note: CreateTable at ") && err.contains("2_change.sql:3:1"), "{err}");
    assert!(readme.contains("Not in these phases") && readme.contains("2_change.sql:3:1"), "{readme}");
}

#[test]
fn verification_guards_fail_the_migration_that_runs_them() {
    use plan_support::TestDb;
    use polymig::ir::SqlDialect;
    use polymig::plan::migrations::guard;
    for dialect in [SqlDialect::Postgres, SqlDialect::Mysql, SqlDialect::Sqlite] {
        let Some(db) = TestDb::for_dialect(dialect) else { continue };
        db.exec_blocking("CREATE TABLE t (n integer)").unwrap();
        let script = |q: &str| guard(dialect, q).join(";\n");
        db.exec_blocking(&script("SELECT count(*) FROM t")).unwrap_or_else(|e| panic!("{dialect:?}: 0 passes: {e}"));
        db.exec_blocking("INSERT INTO t (n) VALUES (1)").unwrap();
        let e = db.exec_blocking(&script("SELECT count(*) FROM t")).expect_err("1 fails the migration");
        let text = e.to_string();
        assert!(text.contains("polymig") && text.contains("verif"), "{dialect:?}: {text}");
    }
}

#[test]
fn create_index_concurrently_while_writers_run() {
    let Some(case) = Case::new("pg15", ACCOUNTS, SEED, "CREATE INDEX accounts_email ON accounts (email);") else {
        return;
    };
    assert_eq!(case.recipes, ["create-index"]);
    let w = case.writer(100, |i| {
        format!("INSERT INTO accounts (email, legacy) VALUES ('w{i}', 'l'); UPDATE accounts SET email = 'u{i}' WHERE id = {}", i + 1)
    });
    case.apply_ok("expand");
    case.apply_ok("migrate");
    let n = w.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM accounts"), 500 + n);
    assert_eq!(
        case.scalar("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'accounts_email' AND i.indisvalid"),
        1
    );
    case.assert_same_schema(false);
}
