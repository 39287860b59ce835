//! The SQLite spellings of the zero-downtime renames, run by `polymig apply --phase` on a SQLite
//! file: the old name is a view whose INSTEAD OF triggers write the renamed table, so writers using
//! the old name keep working between expand and contract; the final schema equals the plain
//! rename's.

mod plan_support;

use plan_support::Case;

const USERS: &str = "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL DEFAULT 'x', age integer)";

fn seed(n: u32) -> String {
    let rows: Vec<String> = (1..=n).map(|i| format!("('n{i}', {i})")).collect();
    format!("INSERT INTO users (name, age) VALUES {}", rows.join(", "))
}

#[test]
fn rename_column_through_a_view_with_instead_of_triggers() {
    let Some(case) = Case::new("sqlite", USERS, &seed(300), "ALTER TABLE users RENAME COLUMN name TO full_name;")
    else {
        return;
    };
    assert_eq!(case.recipes, ["rename-column"]);
    case.apply_ok("expand");
    // Old code inserts and updates `name` (and deletes), new code uses `full_name`; both through `users`.
    let old = case.writer(100, |i| {
        format!(
            "INSERT INTO users (name) VALUES ('old{i}'); UPDATE users SET name = 'upd{i}' WHERE id = {}; \
             DELETE FROM users WHERE id = {}",
            i + 1,
            i + 201
        )
    });
    let new = case.writer(100, |i| format!("INSERT INTO users (full_name, age) VALUES ('new{i}', 1)"));
    case.apply_ok("migrate");
    let (n_old, n_new) = (old.stop(), new.stop());
    assert!(n_old < 100 + 100, "the writer's update and delete ranges overlap");
    case.apply_ok("contract");
    let deleted = n_old.min(100);
    assert_eq!(case.scalar("SELECT count(*) FROM users"), 300 + n_old + n_new - deleted);
    assert_eq!(
        case.scalar(&format!("SELECT count(*) FROM users WHERE id <= {n_old} AND full_name <> 'upd' || (id - 1)")),
        0
    );
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name LIKE 'old%'"), n_old);
    assert_eq!(case.scalar("SELECT count(*) FROM users WHERE full_name LIKE 'new%' AND age = 1"), n_new);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

#[test]
fn rename_table_through_a_view_with_instead_of_triggers() {
    let Some(case) = Case::new("sqlite", USERS, &seed(300), "ALTER TABLE users RENAME TO members;") else { return };
    assert_eq!(case.recipes, ["rename-table"]);
    case.apply_ok("expand");
    let old = case.writer(100, |i| {
        format!("INSERT INTO users (name) VALUES ('old{i}'); UPDATE users SET name = 'upd{i}' WHERE id = {}", i + 1)
    });
    let new = case.writer(100, |i| format!("INSERT INTO members (name) VALUES ('new{i}')"));
    case.apply_ok("migrate");
    let (n_old, n_new) = (old.stop(), new.stop());
    case.apply_ok("contract");
    assert_eq!(case.scalar("SELECT count(*) FROM members"), 300 + n_old + n_new);
    assert_eq!(case.scalar("SELECT count(*) FROM members WHERE name LIKE 'upd%'"), n_old);
    assert_eq!(case.scalar("SELECT count(*) FROM members WHERE name = 'x'"), 0);
    assert_eq!(case.triggers(), 0);
    case.assert_same_schema(false);
}

/// `apply --phase` on a database that has not run the history before the plan refuses, naming the
/// migration, and changes nothing.
#[test]
fn a_phase_waits_for_the_history_before_the_plan() {
    let Some(case) = Case::new("sqlite", USERS, &seed(3), "ALTER TABLE users RENAME TO members;") else { return };
    let fresh = plan_support::TestDb::sqlite();
    let o = plan_support::polymig(case.dir.path(), &["apply", "--db", &fresh.url, "--phase", "expand", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", plan_support::show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("migration 1 (setup) is not applied and is not a phase of the plan"), "{err}");
    let tables = plan_support::scalar(&fresh, "SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')");
    assert_eq!(tables, 0, "nothing may be created");
}
