//! The SQLite recipes, run by `polymig apply --phase` on a SQLite file with writers running:
//!
//! * the renames: the old name is a view whose INSTEAD OF triggers write the renamed table, so
//!   writers using the old name keep working between expand and contract; the final schema equals
//!   the plain rename's;
//! * the constraint and column changes: each phase is refused while its count is not 0 (nothing
//!   applied), then runs in one transaction while a writer waits its turn (SQLite has one writer);
//!   the final schema equals the plain migration's as `polymig apply` exports it (the table
//!   rebuild), except add unique, which builds a unique index instead of a table-level UNIQUE, as
//!   its plan says.
//!
//! The plans are made for the SQLite linked here (`sqlite_version()`, the bundled 3.51 at the time
//! of writing): before 3.53 SET NOT NULL and ADD CHECK are rebuilds, from 3.53 on `ALTER TABLE`,
//! so these tests run whichever path the linked SQLite takes.

mod plan_support;

use plan_support::Case;
use polymig::lint::Target;
use polymig::schema::Schema;

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

/// The target of the SQLite linked into the tests (`sqlite3.51.3`).
fn linked() -> String {
    let v: String = plan_support::block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sqlx::query_scalar("SELECT sqlite_version()").fetch_one(&mut c).await.unwrap()
    });
    format!("sqlite{v}")
}

/// True when the linked SQLite has `ALTER TABLE … ALTER COLUMN … SET NOT NULL` and `ADD CHECK`.
fn has_353() -> bool {
    linked().parse::<Target>().unwrap().at_least(3, 53)
}

/// The text of the plan's phase files, for asserting which path a plan took.
fn phase_text(case: &Case) -> String {
    let mut names: Vec<_> = std::fs::read_dir(case.dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    names.iter().filter(|p| !p.ends_with("1_setup.sql")).map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

const PEOPLE: &str = "CREATE TABLE people (id integer PRIMARY KEY, email text, qty integer, code text); \
                      CREATE TABLE notes (id integer PRIMARY KEY, person_id integer REFERENCES people (id) ON DELETE CASCADE, body text)";

fn people(n: u32) -> String {
    let people: Vec<String> = (1..=n).map(|i| format!("('p{i}@x', {i}, 'c{i}')")).collect();
    let notes: Vec<String> = (1..=n).map(|i| format!("({i}, 'note {i}')")).collect();
    format!(
        "INSERT INTO people (email, qty, code) VALUES {}; INSERT INTO notes (person_id, body) VALUES {}",
        people.join(", "),
        notes.join(", ")
    )
}

/// Rows breaking a foreign key, written as a connection without `PRAGMA foreign_keys = ON` writes them.
fn write_unchecked(case: &Case, sql: &str) {
    case.db.exec_blocking(&format!("PRAGMA foreign_keys = OFF; {sql}")).unwrap();
}

/// SET NOT NULL on a table others reference with ON DELETE CASCADE: refused while NULLs exist and
/// while a row breaks a foreign key (the rebuild would re-check it), then one transaction while a
/// writer waits; the rebuild runs with foreign keys off, so no cascade deletes the notes.
#[test]
fn set_not_null_after_the_null_count() {
    let Some(case) =
        Case::exported(&linked(), PEOPLE, &people(300), "ALTER TABLE people ALTER COLUMN email SET NOT NULL;")
    else {
        return;
    };
    assert_eq!(case.recipes, ["set-not-null"]);
    let rebuild = phase_text(&case).contains("_polymig_new_people");
    assert_eq!(rebuild, !has_353(), "{}", phase_text(&case));
    case.db.exec_blocking("UPDATE people SET email = NULL WHERE id <= 5").unwrap();
    case.assert_refused("migrate", 1);
    case.db.exec_blocking("UPDATE people SET email = 'filled' || id WHERE email IS NULL").unwrap();
    if rebuild {
        // A note of a person who does not exist: the rebuild checks every key before COMMIT.
        write_unchecked(&case, "INSERT INTO notes (person_id, body) VALUES (9999, 'orphan')");
        case.assert_refused("migrate", 1);
        case.db.exec_blocking("DELETE FROM notes WHERE person_id = 9999").unwrap();
    }
    let writer = case.writer(50, |i| {
        format!("INSERT INTO people (email, qty, code) VALUES ('w{i}@x', 1, 'w{i}'); INSERT INTO notes (person_id, body) VALUES (1, 'w{i}')")
    });
    case.apply_ok("migrate");
    let n = writer.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM people"), 300 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM notes"), 300 + n, "no cascade may delete notes");
    assert_eq!(case.scalar("SELECT count(*) FROM people WHERE email = 'filled' || id"), 5);
    assert!(case.db.exec_blocking("INSERT INTO people (email) VALUES (NULL)").is_err(), "NOT NULL holds");
    assert_eq!(case.scalar("SELECT count(*) FROM pragma_foreign_key_check"), 0);
    case.assert_same_schema(false);
}

/// ADD CHECK: refused while a row violates it, then added while a writer writes valid rows.
#[test]
fn add_check_after_the_violator_count() {
    let change = "ALTER TABLE people ADD CONSTRAINT people_qty_positive CHECK (qty > 0);";
    let Some(case) = Case::exported(&linked(), PEOPLE, &people(300), change) else { return };
    assert_eq!(case.recipes, ["add-check"]);
    assert_eq!(phase_text(&case).contains("_polymig_new_people"), !has_353());
    case.db.exec_blocking("UPDATE people SET qty = -qty WHERE id <= 3").unwrap();
    case.assert_refused("migrate", 1);
    case.db.exec_blocking("UPDATE people SET qty = -qty WHERE qty < 0").unwrap();
    let writer =
        case.writer(50, |i| format!("INSERT INTO people (email, qty, code) VALUES ('w{i}@x', {}, 'w{i}')", i + 1));
    case.apply_ok("migrate");
    let n = writer.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM people"), 300 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM notes"), 300, "no cascade may delete notes");
    assert!(case.db.exec_blocking("INSERT INTO people (qty) VALUES (0)").is_err(), "the check holds");
    case.assert_same_schema(false);
}

/// ADD FOREIGN KEY: refused while orphans exist, the rebuild while a writer adds valid rows, then
/// the contract check refuses while a row written without foreign keys on breaks the key.
#[test]
fn add_foreign_key_after_the_orphan_count_then_checked() {
    let setup = "CREATE TABLE parents (id integer PRIMARY KEY, name text); \
                 CREATE TABLE children (id integer PRIMARY KEY, parent_id integer, name text)";
    let parents: Vec<String> = (1..=100).map(|i| format!("('p{i}')")).collect();
    let children: Vec<String> = (1..=300).map(|i| format!("({}, 'c{i}')", i % 100 + 1)).collect();
    let seed = format!(
        "INSERT INTO parents (name) VALUES {}; INSERT INTO children (parent_id, name) VALUES {}",
        parents.join(", "),
        children.join(", ")
    );
    let change =
        "ALTER TABLE children ADD CONSTRAINT children_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);";
    let Some(case) = Case::exported(&linked(), setup, &seed, change) else { return };
    assert_eq!(case.recipes, ["add-foreign-key"]);
    case.db.exec_blocking("UPDATE children SET parent_id = 500 WHERE id <= 2").unwrap();
    case.assert_refused("migrate", 1);
    case.db.exec_blocking("UPDATE children SET parent_id = NULL WHERE parent_id = 500").unwrap();
    let writer =
        case.writer(50, |i| format!("INSERT INTO children (parent_id, name) VALUES ({}, 'w{i}')", i % 100 + 1));
    case.apply_ok("migrate");
    let n = writer.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM children"), 300 + n);
    assert!(case.db.exec_blocking("INSERT INTO children (parent_id) VALUES (777)").is_err(), "the key holds");
    write_unchecked(&case, "INSERT INTO children (parent_id, name) VALUES (777, 'unchecked')");
    case.assert_refused("contract", 2);
    case.db.exec_blocking("DELETE FROM children WHERE parent_id = 777").unwrap();
    case.apply_ok("contract");
    assert_eq!(case.applied(), 3);
    case.assert_same_schema(false);
}

/// ADD UNIQUE: refused while duplicates exist, then a unique index under the constraint's name
/// while a writer writes distinct values. The plain migration's table has a table-level UNIQUE
/// instead, as the plan says; everything else is equal.
#[test]
fn add_unique_as_a_unique_index_after_the_duplicate_count() {
    let change = "ALTER TABLE people ADD CONSTRAINT people_code_key UNIQUE (code);";
    let Some(case) = Case::exported(&linked(), PEOPLE, &people(300), change) else { return };
    assert_eq!(case.recipes, ["add-unique"]);
    case.db.exec_blocking("UPDATE people SET code = 'dup' WHERE id <= 2").unwrap();
    case.assert_refused("migrate", 1);
    case.db.exec_blocking("UPDATE people SET code = 'c' || id WHERE code = 'dup'").unwrap();
    let writer = case.writer(50, |i| format!("INSERT INTO people (email, qty, code) VALUES ('w{i}@x', 1, 'w{i}')"));
    case.apply_ok("migrate");
    let n = writer.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM people"), 300 + n);
    assert!(case.db.exec_blocking("INSERT INTO people (code) VALUES ('c1')").is_err(), "uniqueness holds");
    case.db.exec_blocking("INSERT INTO people (code) VALUES ('c1') ON CONFLICT (code) DO NOTHING").unwrap();
    let (planned, plain) = (case.db.introspect_blocking(), case.plain.introspect_blocking());
    let people = |s: &Schema| s.tables.values().find(|t| t.name.name == "people").unwrap().clone();
    let (mut a, mut b) = (people(&planned), people(&plain));
    let index = a.indexes.iter().position(|i| i.name.as_deref() == Some("people_code_key")).expect("the unique index");
    let index = a.indexes.remove(index);
    assert!(index.unique && index.column_names() == ["code"], "{index:#?}");
    let unique = b
        .constraints
        .iter()
        .position(|c| matches!(&c.kind, polymig::ir::ConstraintKind::Unique { columns, .. } if columns == &["code"]))
        .expect("the plain migration's UNIQUE");
    b.constraints.remove(unique);
    pretty_assertions::assert_eq!(serde_json::to_string_pretty(&a).unwrap(), serde_json::to_string_pretty(&b).unwrap());
    let others = |s: &Schema| {
        let rest: Vec<_> = s.tables.values().filter(|t| t.name.name != "people").collect();
        serde_json::to_string_pretty(&(rest, &s.views)).unwrap()
    };
    pretty_assertions::assert_eq!(others(&planned), others(&plain));
}

/// Change type: one rebuild while a writer waits; values are copied as they are, the new column's
/// affinity converting those that convert without loss (as the plain migration's rebuild does).
#[test]
fn change_type_as_one_rebuild() {
    let setup = "CREATE TABLE events (id integer PRIMARY KEY, note text, kind text)";
    let rows: Vec<String> = (1..=300).map(|i| format!("('{i}', 'k')")).collect();
    let seed = format!("INSERT INTO events (note, kind) VALUES {}, ('abc', 'k'), ('2.5', 'k')", rows.join(", "));
    let Some(case) = Case::exported(&linked(), setup, &seed, "ALTER TABLE events ALTER COLUMN note TYPE integer;")
    else {
        return;
    };
    assert_eq!(case.recipes, ["change-type"]);
    let writer = case.writer(50, |i| format!("INSERT INTO events (note, kind) VALUES ('{i}', 'w')"));
    case.apply_ok("migrate");
    let n = writer.stop();
    assert_eq!(case.scalar("SELECT count(*) FROM events"), 302 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE typeof(note) = 'integer'"), 300 + n);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE note = 'abc' AND typeof(note) = 'text'"), 1);
    assert_eq!(case.scalar("SELECT count(*) FROM events WHERE note = 2.5 AND typeof(note) = 'real'"), 1);
    case.assert_same_schema(false);
}
